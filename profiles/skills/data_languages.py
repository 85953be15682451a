"""Programming, query, markup and scripting languages.

One skill per line: ``Canonical | alias, alias``. A ``!`` after the canonical name, or ``=``
before an alias, makes that form match only with exactly that capitalisation: "Go", "R",
"Swift" and friends are ordinary English words in lower case.
"""

LANGUAGES = """
Python | python3, py3, python 3, python 2, cpython
JavaScript | JS, ECMAScript, ES6, ES2015, vanilla js, javascript es6
TypeScript | TS, typescript 5
Java | java 8, java 11, java 17, java 21, core java, J2EE, Java EE, Jakarta EE
C++ | cpp, c plus plus, C++11, C++14, C++17, C++20, modern c++
C# | csharp, c sharp, C#.NET
C ! | =ANSI C, =C99, =C11, =Embedded C
Go ! | Golang, =Go lang
Rust ! | rust lang, rustlang
Ruby | ruby 3
PHP | php 7, php 8, php5
Kotlin
Swift ! | =Swift 5, =SwiftLang
Objective-C | objc, objective c, obj-c
Scala
R ! | =R language, =R programming, =RStudio
Julia ~ | =Julia lang, =JuliaLang, =Julia programming
MATLAB | matlab programming
Perl | perl 5
Lua
Haskell
Elixir
Erlang
Clojure | clojurescript
F# | fsharp, f sharp
OCaml
Dart ! | =Dart lang
Groovy
Visual Basic | VB.NET, vbnet
VBA | visual basic for applications, excel vba, excel macros
Fortran
COBOL
Assembly | assembler, x86 assembly, ARM assembly, asm
Shell Scripting | shell script, shell scripts, sh scripting
Bash | bash scripting, bash scripts
PowerShell | powershell scripting, pwsh
Zsh
SQL | structured query language, ANSI SQL, sql queries
PL/SQL | plsql
T-SQL | tsql, transact-sql, transact sql
HTML | html5, html 5, xhtml
CSS | css3, css 3
Sass | SCSS
Less CSS | =LESS
XML
JSON
YAML | yml
Solidity
Elm ! | =Elm lang
Zig ! | =Zig lang
Apex ~ | =Salesforce Apex, =Apex triggers, =Apex classes
ABAP | sap abap
Prolog
Lisp | common lisp
Scheme ! | =Racket
Smalltalk
Pascal | delphi, object pascal
Ada ! | =Ada 95
VHDL
Verilog | systemverilog
CUDA | cuda c
OpenCL
GLSL | shader language, HLSL
WebAssembly | wasm
Bicep ! | =Azure Bicep
HCL | hashicorp configuration language
SAS ! | =SAS programming, =SAS Base
Stata ! | =STATA
SPSS Syntax | spss syntax
Markdown
LaTeX | latex typesetting
Jinja | jinja2
Regex | regular expressions, regexp
Awk | gawk
Tcl | tcl/tk
CoffeeScript
ReasonML | reason ml, rescript
PureScript
Raku | perl 6
Q# | qsharp
ColdFusion | cfml
ActionScript | flash actionscript
Ladder Logic | plc ladder logic
Structured Text | iec 61131 structured text
""".strip()
