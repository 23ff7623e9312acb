# SYNTAX TEST "source.python" "dvr-hints: ignore / ignore[...] / ignore-file suppression comments"
# Each '# ^^^ scope' or '# <- scope' line asserts the scopes of the source line above it.

# dvr-hints: ignore-file
# <- comment.line.number-sign.python punctuation.definition.comment.python
#^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
# ^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
import os
import subprocess

subprocess.call(cmd, shell=True)  # dvr-hints: ignore
# <---------- source.python - comment.line.number-sign.python
#                                 ^ comment.line.number-sign.python punctuation.definition.comment.python
#                                   ^^^^^^^^^^^^^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
os.system("ping -c1 " + host)  # dvr-hints: ignore[DVR101]
#                              ^ comment.line.number-sign.python punctuation.definition.comment.python
#                                ^^^^^^^^^^^^^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#                                                 ^ comment.line.number-sign.python punctuation.definition.rule-list.begin.dvr-hints
#                                                  ^^^^^^ comment.line.number-sign.python constant.other.rule-id.dvr-hints
#                                                        ^ comment.line.number-sign.python punctuation.definition.rule-list.end.dvr-hints
x = run(cmd)  # dvr-hints: ignore[DVR101,DVR302]
#               ^^^^^^^^^^^^^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#                                ^ comment.line.number-sign.python punctuation.definition.rule-list.begin.dvr-hints
#                                 ^^^^^^ comment.line.number-sign.python constant.other.rule-id.dvr-hints
#                                       ^ comment.line.number-sign.python punctuation.separator.comma.dvr-hints
#                                        ^^^^^^ comment.line.number-sign.python constant.other.rule-id.dvr-hints
#                                              ^ comment.line.number-sign.python punctuation.definition.rule-list.end.dvr-hints
# dvr-hints: ignore[DVR101, DVR302,  DVR802] host is validated by the caller
# ^^^^^^^^^^^^^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#                  ^ comment.line.number-sign.python punctuation.definition.rule-list.begin.dvr-hints
#                   ^^^^^^ comment.line.number-sign.python constant.other.rule-id.dvr-hints
#                         ^ comment.line.number-sign.python punctuation.separator.comma.dvr-hints
#                          ^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
#                           ^^^^^^ comment.line.number-sign.python constant.other.rule-id.dvr-hints
#                                 ^ comment.line.number-sign.python punctuation.separator.comma.dvr-hints
#                                  ^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
#                                    ^^^^^^ comment.line.number-sign.python constant.other.rule-id.dvr-hints
#                                          ^ comment.line.number-sign.python punctuation.definition.rule-list.end.dvr-hints
#                                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
#dvr-hints:ignore
# <- comment.line.number-sign.python punctuation.definition.comment.python
#^^^^^^^^^^^^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
# dvr-hints: ignore-file[DVR504]
# ^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#                       ^ comment.line.number-sign.python punctuation.definition.rule-list.begin.dvr-hints
#                        ^^^^^^ comment.line.number-sign.python constant.other.rule-id.dvr-hints
#                              ^ comment.line.number-sign.python punctuation.definition.rule-list.end.dvr-hints
# dvr-hints: ignore[DVR10, B602, dvr101]
# ^^^^^^^^^^^^^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#                   ^^^^^ comment.line.number-sign.python invalid.illegal.rule-id.dvr-hints
#                          ^^^^ comment.line.number-sign.python invalid.illegal.rule-id.dvr-hints
#                                ^^^^^^ comment.line.number-sign.python invalid.illegal.rule-id.dvr-hints
# dvr-hints: ignore[DVR101 unterminated list
# ^^^^^^^^^^^^^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#                  ^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
# noqa: E501  # dvr-hints: ignore[DVR101]
#^^^^^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
#               ^^^^^^^^^^^^^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#                                 ^^^^^^ comment.line.number-sign.python constant.other.rule-id.dvr-hints
value = f(x)  # type: ignore  # dvr-hints: ignore
#               ^^^^^ comment.line.number-sign.python comment.typehint.directive.notation.python
#                             ^ comment.line.number-sign.python punctuation.definition.comment.python
#                               ^^^^^^^^^^^^^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
# dvr-hints: ignore[DVR101] TODO drop once the agent quotes its args
# ^^^^^^^^^^^^^^^^^ comment.line.number-sign.python keyword.other.suppression.dvr-hints
#                           ^^^^ comment.line.number-sign.python keyword.codetag.notation.python
#                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.python - keyword.other.suppression.dvr-hints constant.other.rule-id.dvr-hints constant.other.rule-id.bandit.dvr-hints invalid.illegal.rule-id.dvr-hints
