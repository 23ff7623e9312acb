# SYNTAX TEST "source.python" "Ruff / flake8-bandit noqa comments with S codes, and own-line dvr-hints comments"
# Each '# ^^^ scope' or '# <- scope' line asserts the scopes of the source line above it.
import subprocess

subprocess.Popen(cmd, shell=True)  # noqa: S602
#                                  ^ comment.line.number-sign.python punctuation.definition.comment.python
#                                    ^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#                                        ^ comment.line.number-sign.python punctuation.separator.colon.dvr-hints
#                                          ^^^^ comment.line.number-sign.python constant.other.rule-id.ruff.dvr-hints
os.system(cmd)  # noqa: E501, S605
#                 ^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#                       ^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.ruff.dvr-hints
#                           ^ comment.line.number-sign.python punctuation.separator.comma.dvr-hints
#                             ^^^^ comment.line.number-sign.python constant.other.rule-id.ruff.dvr-hints
os.system(cmd)  #noqa:S602,S605
#                ^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#                     ^^^^ comment.line.number-sign.python constant.other.rule-id.ruff.dvr-hints
#                         ^ comment.line.number-sign.python punctuation.separator.comma.dvr-hints
#                          ^^^^ comment.line.number-sign.python constant.other.rule-id.ruff.dvr-hints
x = 1  # NOQA: S105
#        ^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#              ^^^^ comment.line.number-sign.python constant.other.rule-id.ruff.dvr-hints
import os  # noqa
#            ^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints
import re  # noqa: F401
#            ^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.ruff.dvr-hints
import io  # noqa S602
#            ^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.ruff.dvr-hints
value = compute()  # noqa: S6020
#                    ^^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.ruff.dvr-hints
# see noqa: S602 in the docs
#^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.ruff.dvr-hints
note = "# noqa: S602"
#       ^^^^^^^^^^^^ string.quoted.single.python - comment.line.number-sign.python keyword.other.suppression.dvr-hints constant.other.rule-id.ruff.dvr-hints
def flush(ns):
    # dvr-hints: ignore[DVR101]
#   ^ comment.line.number-sign.python punctuation.definition.comment.python
#     ^^^^^^^^^^^^^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#                       ^^^^^^ comment.line.number-sign.python constant.other.rule-id.dvr-hints
    os.system(
        'conntrack -D -w %s' % ns)
