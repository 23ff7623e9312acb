# SYNTAX TEST "source.python" "text that is not a suppression comment stays a plain comment or string"
# Each '# ^^^ scope' or '# <- scope' line asserts the scopes of the source line above it.
import re

# see dvr-hints: ignore in the docs
#^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
# dvr-hints: ignored
#^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
# dvr-hints: ignore-files
#^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
# dvr-hints: ignorefile
#^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
# DVR101 fires here because host comes from the RPC payload
#^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
# this is nosec, says the comment
#^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
# nosecurity review needed
#^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
# TODO nosec B602
# ^^^^ comment.line.number-sign.python keyword.codetag.notation.python
#     ^^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
msg = "# dvr-hints: ignore[DVR101]"  # plain comment
#      ^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.single.python - comment.line.number-sign.python keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints
#                                     ^^^^^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
note = '# nosec B602'
#       ^^^^^^^^^^^^ string.quoted.single.python - comment.line.number-sign.python keyword.other.suppression.dvr-hints constant.other.rule-id.bandit.dvr-hints
PATTERN = re.compile(r"""
    ^\d+   # nosec B602 inside a verbose regex is not a Python comment
#          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.regexp.quoted.multi.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
""", re.VERBOSE)
def f():
    """Docstring mentioning # dvr-hints: ignore[DVR101]."""
#                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.docstring.multi.python - comment.line.number-sign.python keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints
    return 1
