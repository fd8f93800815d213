"""Every change to social work goes through these functions, one per use case, one module per
area. Each takes keyword-only arguments with an explicit `actor`, asks the access policy,
validates the model (`full_clean`: the validators a form uses), saves in one transaction and
writes an action record (`ostoja.core.actions`) in it."""
