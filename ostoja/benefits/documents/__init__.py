"""Decision documents: the DOCX from templates, the PDF, and the Polish they need."""
