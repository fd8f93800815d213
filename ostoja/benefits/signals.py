"""What the benefits tell the apps above them, which they may not import.

`day_begun`: sent by the daily run after midnight (`tasks.make_decisions_final`) with
`today`, whatever the run's outcome; a receiver queues its own night's work rather than doing it
in the run.
"""

from django.dispatch import Signal

day_begun = Signal()
