# SYNTAX TEST "source.python" "Bandit nosec suppression comments"
# Each '# ^^^ scope' or '# <- scope' line asserts the scopes of the source line above it.
import subprocess

subprocess.Popen(cmd, shell=True)  # nosec
#                                  ^ comment.line.number-sign.python punctuation.definition.comment.python
#                                    ^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
# nosec B602
# <- comment.line.number-sign.python punctuation.definition.comment.python
# ^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#      ^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
#       ^^^^ comment.line.number-sign.python constant.other.rule-id.bandit.dvr-hints
# nosec B602, B607
# ^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#       ^^^^ comment.line.number-sign.python constant.other.rule-id.bandit.dvr-hints
#           ^ comment.line.number-sign.python punctuation.separator.comma.dvr-hints
#             ^^^^ comment.line.number-sign.python constant.other.rule-id.bandit.dvr-hints
# nosec B602,B607
# ^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#       ^^^^ comment.line.number-sign.python constant.other.rule-id.bandit.dvr-hints
#           ^ comment.line.number-sign.python punctuation.separator.comma.dvr-hints
#            ^^^^ comment.line.number-sign.python constant.other.rule-id.bandit.dvr-hints
# nosec: B602
# ^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#      ^ comment.line.number-sign.python punctuation.separator.colon.dvr-hints
#        ^^^^ comment.line.number-sign.python constant.other.rule-id.bandit.dvr-hints
#nosec
# <- comment.line.number-sign.python punctuation.definition.comment.python
#^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
# nosec B602 - reviewed, argv is a constant list
# ^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#       ^^^^ comment.line.number-sign.python constant.other.rule-id.bandit.dvr-hints
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
# nosec B6020
# ^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#      ^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
out = subprocess.check_output(argv)  # noqa: E501 # nosec B603
#                                     ^^^^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
#                                                   ^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#                                                         ^^^^ comment.line.number-sign.python constant.other.rule-id.bandit.dvr-hints
