"""Words and numbers: gettext, formatting, folding, amounts in digits and in words."""
