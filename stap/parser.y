/* parser.y - pass 1: the grammar of the SystemTap language.
 *
 * Reads the token stream parse.c prepares (macros, conditionals and
 * script arguments already applied) and builds the AST of one stapfile
 * through the ast.c constructors.  Expression precedence follows
 * SystemTap's (lowest first): assignment and <<<, ?:, ||, &&, |, ^, &,
 * `in`, comparisons and =~, shifts, `.`, + -, * / %, unary, postfix.
 *
 * Invariant: every action is a constructor call or a short check; syntax
 * errors are reported in SystemTap's words by parse_yyreport() and the
 * parser resynchronises at the next top-level keyword, as SystemTap does.
 */
%define api.pure full
%define api.prefix {parse_yy}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {struct parser *p}

%code requires {
#include "parse.h"
struct pattern;
}

%code provides {
int parse_yylex(PARSE_YYSTYPE *lval, PARSE_YYLTYPE *lloc, struct parser *p);
}

%code {
#include <stdio.h>
#include <string.h>

static void yyerror(PARSE_YYLTYPE *loc, struct parser *p, const char *msg);
}

%union {
	struct token *tok;
	struct expr *e;
	struct stmt *st;
	struct probe_point *pp;
	struct probe_comp *pc;
	struct vardecl *vd;
	struct param *prm;
	struct target_comp *tc;
	struct function *fn;
	struct foreach_spec *fe;
	int i;
}

/* keywords */
%token <tok> K_PROBE "probe" K_GLOBAL "global" K_FUNCTION "function"
%token <tok> K_PRIVATE "private" K_IF "if" K_ELSE "else" K_WHILE "while"
%token <tok> K_DO "do" K_FOR "for" K_FOREACH "foreach" K_IN "in"
%token <tok> K_LIMIT "limit" K_BREAK "break" K_CONTINUE "continue"
%token <tok> K_NEXT "next" K_RETURN "return" K_DELETE "delete"
%token <tok> K_TRY "try" K_CATCH "catch"
/* literals and names */
%token <tok> T_IDENT "identifier" T_TARGET "$target" T_NUMBER "number"
%token <tok> T_PRETTY "$"
%token <tok> T_STRING "string" T_EMBEDDED "%{"
%token <tok> AT_CAST "@cast" AT_VAR "@var" AT_DEFINED "@defined"
%token <tok> AT_ENTRY "@entry" AT_STAT "@count" AT_PERF "@perf"
%token <tok> AT_KDEREF "@kderef" AT_UDEREF "@uderef"
%token <tok> AT_KREGISTER "@kregister" AT_UREGISTER "@uregister"
%token <tok> AT_PROBEWRITE "@probewrite" AT_TASK "@task" AT_CONST "@const"
%token <tok> AT_HIST_LOG "@hist_log" AT_HIST_LINEAR "@hist_linear"
/* operators */
%token <tok> T_AGG "<<<" T_USHR ">>>" T_SHL "<<" T_SHR ">>"
%token <tok> T_EQ "==" T_NE "!=" T_LE "<=" T_GE ">=" T_MATCH "=~"
%token <tok> T_NOMATCH "!~" T_ANDAND "&&" T_OROR "||" T_INC "++"
%token <tok> T_DEC "--" T_ARROW "->"
%token <tok> T_ADD_ASSIGN "+=" T_SUB_ASSIGN "-=" T_MUL_ASSIGN "*="
%token <tok> T_DIV_ASSIGN "/=" T_MOD_ASSIGN "%=" T_AND_ASSIGN "&="
%token <tok> T_OR_ASSIGN "|=" T_XOR_ASSIGN "^=" T_CAT_ASSIGN ".="
%token <tok> T_SHL_ASSIGN "<<=" T_SHR_ASSIGN ">>=" T_USHR_ASSIGN ">>>="
%token <tok> '-' '+' '*' '/' '%' '.' '<' '>' '=' '!' '~' '&' '|' '^'
%token <tok> '?' ':' ',' ';' '(' ')' '[' ']' '{' '}'
/* seen only by parse.c, never by the grammar */
%token <tok> PP_IF "%(" PP_THEN "%?" PP_ELSE "%:" PP_END "%)"
%token <tok> AT_DEFINE "@define" T_MACRO "@macro" T_ARGCOUNT "$#"
%token <tok> T_ARGCOUNT_STR "@#" T_DOLLARARG "$1" T_ATARG "@1"
%token <tok> T_JUNK "junk"

/* Lowest first.  LOWEST marks "stop here" reductions: expressions and
 * statements are greedy, as in SystemTap's recursive descent. */
%precedence LOWEST
%precedence ';' K_ELSE T_IDENT T_NUMBER T_STRING T_TARGET T_EMBEDDED
%precedence AT_CAST AT_VAR AT_DEFINED AT_ENTRY AT_STAT AT_PERF AT_TASK
	    AT_KDEREF AT_UDEREF AT_KREGISTER AT_UREGISTER AT_PROBEWRITE AT_CONST
	    '!' '~'
%right '=' T_AGG T_ADD_ASSIGN T_SUB_ASSIGN T_MUL_ASSIGN T_DIV_ASSIGN
%right T_MOD_ASSIGN T_AND_ASSIGN T_OR_ASSIGN T_XOR_ASSIGN T_CAT_ASSIGN
%right T_SHL_ASSIGN T_SHR_ASSIGN T_USHR_ASSIGN
%right '?' ':'
%left T_OROR
%left T_ANDAND
%left '|'
%left '^'
%left '&'
%precedence K_IN
%left T_EQ T_NE '<' '>' T_LE T_GE T_MATCH T_NOMATCH
%left T_SHL T_SHR T_USHR
%left '.'
%left '+' '-'
%left '*' '/' '%'
%precedence UNARY
%precedence T_INC T_DEC
%precedence '(' '['

%type <e> expr primary string literal opt_expr args arglist arg keys key
%type <e> target opt_init array_init indexed hist regnum
%type <st> stmt stmt1 simple block stmts fbody
%type <pp> point points pattern palts
%type <pc> pcomp
%type <vd> gvar gvars
%type <prm> params plist param
%type <tc> comps autocast
%type <fn> fhead
%type <tok> probe_kw global_kw private_kw function_kw
%type <fe> fvars fkeys fkey fkey_list
%type <i> opt_type opt_sort agg_sort opt_marks

%%

/* After an error, bison discards tokens up to one that starts a
 * declaration; shifting that keyword (a default reduction below) ends the
 * recovery, so the next error is reported at once, as SystemTap does. */
file:
	  %empty
	| file decl
	| file error
	;

decl:
	  probe_kw points block		{ pa_probe(p, $1, $2, $3); }
	| probe_kw pattern '=' points block
					{ pa_alias(p, $1, $2, $4, $5, false); }
	| probe_kw pattern T_ADD_ASSIGN points block
					{ pa_alias(p, $1, $2, $4, $5, true); }
	| global_kw gvars opt_semi	{ pa_globals(p, $2, false); }
	| private_kw global_kw gvars opt_semi
					{ pa_globals(p, $3, true); }
	| private_kw gvars opt_semi	{ pa_globals(p, $2, true); }
	| fhead fbody			{ pa_function(p, $1, $2, false); }
	| private_kw fhead fbody	{ pa_function(p, $2, $3, true); }
	| T_EMBEDDED			{ yyerrok; pa_embed(p, $1); }
	;

probe_kw: K_PROBE			{ yyerrok; $$ = $1; } ;
global_kw: K_GLOBAL			{ yyerrok; $$ = $1; } ;
private_kw: K_PRIVATE			{ yyerrok; $$ = $1; } ;
function_kw: K_FUNCTION			{ yyerrok; $$ = $1; } ;

opt_semi:
	  %empty %prec LOWEST
	| ';'
	;

/* ---- probe points ---- */

points:
	  point
	| points ',' point		{ $$ = ast_point_append($1, $3); }
	;

point:
	  pattern opt_marks		{ $$ = pa_point(p, $1, $2, NULL); }
	| pattern opt_marks K_IF '(' expr ')'
					{ $$ = pa_point(p, $1, $2, $5); }
	;

opt_marks:
	  %empty			{ $$ = 0; }
	| opt_marks '?'			{ $$ = $1 | 1; }
	| opt_marks '!'			{ $$ = $1 | 2; }
	;

/* A dotted sequence of components, each possibly a {a,b} alternation:
 * a list of brace-expanded points. */
pattern:
	  pcomp				{ $$ = pa_pattern(p, $1); }
	| '{' palts '}'			{ $$ = $2; }
	| pattern '.' pcomp		{ $$ = pa_product(p, $1,
							  pa_pattern(p, $3)); }
	| pattern '.' '{' palts '}'	{ $$ = pa_product(p, $1, $4); }
	;

palts:
	  pattern opt_marks		{ $$ = pa_point(p, $1, $2, NULL); }
	| palts ',' pattern opt_marks	{ $$ = ast_point_append($1,
						pa_point(p, $3, $4, NULL)); }
	;

pcomp:
	  T_IDENT			{ $$ = pa_pcomp(p, $1, NULL); }
	| T_IDENT '(' literal ')'	{ $$ = pa_pcomp(p, $1, $3); }
	;

literal:
	  T_NUMBER			{ $$ = pa_number(p, $1, false); }
	| '-' T_NUMBER			{ $$ = pa_number(p, $2, true); }
	| string
	;

/* ---- globals ---- */

gvars:
	  gvar
	| gvars ',' gvar		{ $$ = pa_gvar_append($1, $3); }
	;

gvar:
	  T_IDENT opt_init		{ $$ = pa_gvar(p, $1, $2, 0, 0); }
	| T_IDENT '[' T_NUMBER ']' array_init
					{ $$ = pa_gvar(p, $1, NULL, $3, 1); }
	| T_IDENT '%' opt_init		{ $$ = pa_gvar(p, $1, $3, NULL, 2); }
	| T_IDENT '%' '[' T_NUMBER ']' array_init
					{ $$ = pa_gvar(p, $1, NULL, $4, 3); }
	;

opt_init:
	  %empty			{ $$ = NULL; }
	| '=' literal			{ $$ = $2; }
	;

array_init:
	  %empty			{ $$ = NULL; }
	| '=' literal			{ $$ = pa_array_init(p, $1); }
	;

/* ---- functions ---- */

fhead:
	  function_kw T_IDENT opt_type '(' params ')' opt_prio
					{ $$ = pa_fhead(p, $2, $3, $5); }
	;

opt_type:
	  %empty			{ $$ = TY_UNKNOWN; }
	| ':' T_IDENT			{ $$ = pa_type(p, $2); }
	;

opt_prio:
	  %empty
	| ':' T_NUMBER
	;

params:
	  %empty			{ $$ = NULL; }
	| plist
	;

plist:
	  param
	| plist ',' param		{ $$ = pa_param_append(p, $1, $3); }
	;

param:
	  T_IDENT opt_type		{ $$ = pa_param(p, $1, $2); }
	;

fbody:
	  block
	| T_EMBEDDED			{ $$ = pa_embedded_body(p, $1); }
	;

/* ---- statements ---- */

block:
	  '{' stmts '}'			{ $$ = pa_block(p, $1, $2); }
	;

stmts:
	  %empty			{ $$ = NULL; }
	| stmts stmt			{ $$ = ast_stmt_push($1, $2); }
	;

/* Every statement may be followed by one `;` (SystemTap's -p1 output
 * puts one after each); a `;` on its own is the null statement. */
stmt:
	  stmt1 %prec LOWEST
	| stmt1 ';'
	| ';'				{ $$ = ast_stmt(p->s, ST_NULL, $1); }
	;

stmt1:
	  block
	| simple %prec LOWEST
	| K_IF '(' expr ')' stmt %prec LOWEST
					{ $$ = pa_if(p, $1, $3, $5, NULL); }
	| K_IF '(' expr ')' stmt K_ELSE stmt
					{ $$ = pa_if(p, $1, $3, $5, $7); }
	| K_WHILE '(' expr ')' stmt	{ $$ = pa_while(p, $1, $3, $5); }
	| K_FOR '(' opt_expr ';' opt_expr ';' opt_expr ')' stmt
					{ $$ = pa_for(p, $1, $3, $5, $7, $9); }
	| K_FOREACH '(' fvars ')' stmt	{ $$ = pa_foreach(p, $1, $3, $5); }
	| K_TRY block K_CATCH block	{ $$ = pa_try(p, $1, $2, NULL, $4); }
	| K_TRY block K_CATCH '(' T_IDENT ')' block
					{ $$ = pa_try(p, $1, $2, $5, $7); }
	;

simple:
	  expr %prec LOWEST		{ $$ = pa_expr_stmt(p, $1); }
	| K_BREAK			{ $$ = ast_stmt(p->s, ST_BREAK, $1); }
	| K_CONTINUE			{ $$ = ast_stmt(p->s, ST_CONTINUE, $1); }
	| K_NEXT			{ $$ = ast_stmt(p->s, ST_NEXT, $1); }
	| K_RETURN %prec LOWEST		{ $$ = pa_return(p, $1, NULL); }
	| K_RETURN expr %prec LOWEST	{ $$ = pa_return(p, $1, $2); }
	| K_DELETE indexed		{ $$ = pa_delete(p, $1, $2); }
	| K_DO stmt K_WHILE '(' expr ')'
					{ $$ = pa_do(p, $1, $2, $5); }
	;

opt_expr:
	  %empty			{ $$ = NULL; }
	| expr
	;

/* foreach ( [value =] keys in array [sort] [limit n] ) */
fvars:
	  fkeys K_IN indexed opt_sort	{ $$ = pa_fe_in(p, $1, $3, $4, NULL, NULL); }
	| fkeys K_IN indexed opt_sort K_LIMIT expr
					{ $$ = pa_fe_in(p, $1, $3, $4, NULL, $6); }
	| fkeys K_IN indexed AT_STAT agg_sort
					{ $$ = pa_fe_in(p, $1, $3, $5, $4, NULL); }
	| fkeys K_IN hist opt_sort	{ $$ = pa_fe_in(p, $1, $3, $4, NULL, NULL); }
	| fkeys K_IN hist opt_sort K_LIMIT expr
					{ $$ = pa_fe_in(p, $1, $3, $4, NULL, $6); }
	| fkeys K_IN indexed AT_STAT agg_sort K_LIMIT expr
					{ $$ = pa_fe_in(p, $1, $3, $5, $4, $7); }
	;

fkeys:
	  fkey
	| '[' fkey_list ']'		{ $$ = $2; }
	| T_IDENT opt_sort '=' '[' fkey_list ']'
					{ $$ = pa_fe_value(p, $1, $2, $5); }
	| T_IDENT opt_sort '=' fkey	{ $$ = pa_fe_value(p, $1, $2, $4); }
	;

fkey_list:
	  fkey
	| fkey_list ',' fkey		{ $$ = pa_fe_merge(p, $1, $3); }
	;

fkey:
	  T_IDENT opt_sort		{ $$ = pa_fe_key(p, $1, $2); }
	;

/* a @count etc. after the array must say which way it sorts */
agg_sort:
	  %empty			{ $$ = pa_no_sort(p); }
	| '+'				{ $$ = 1; }
	| '-'				{ $$ = -1; }
	;

opt_sort:
	  %empty			{ $$ = 0; }
	| '+'				{ $$ = 1; }
	| '-'				{ $$ = -1; }
	;

/* an array name, possibly indexed (delete a[1], foreach over a[*,2]) */
indexed:
	  T_IDENT %prec LOWEST		{ $$ = ast_symbol(p->s, $1); }
	| T_IDENT '[' keys ']'		{ $$ = pa_index(p, $1, $3, true); }
	;

/* ---- expressions ---- */

expr:
	  expr '=' expr			{ $$ = pa_assign(p, $2, $1, $3); }
	| expr T_ADD_ASSIGN expr	{ $$ = pa_assign(p, $2, $1, $3); }
	| expr T_SUB_ASSIGN expr	{ $$ = pa_assign(p, $2, $1, $3); }
	| expr T_MUL_ASSIGN expr	{ $$ = pa_assign(p, $2, $1, $3); }
	| expr T_DIV_ASSIGN expr	{ $$ = pa_assign(p, $2, $1, $3); }
	| expr T_MOD_ASSIGN expr	{ $$ = pa_assign(p, $2, $1, $3); }
	| expr T_AND_ASSIGN expr	{ $$ = pa_assign(p, $2, $1, $3); }
	| expr T_OR_ASSIGN expr		{ $$ = pa_assign(p, $2, $1, $3); }
	| expr T_XOR_ASSIGN expr	{ $$ = pa_assign(p, $2, $1, $3); }
	| expr T_CAT_ASSIGN expr	{ $$ = pa_assign(p, $2, $1, $3); }
	| expr T_SHL_ASSIGN expr	{ $$ = pa_assign(p, $2, $1, $3); }
	| expr T_SHR_ASSIGN expr	{ $$ = pa_assign(p, $2, $1, $3); }
	| expr T_USHR_ASSIGN expr	{ $$ = pa_assign(p, $2, $1, $3); }
	| expr T_AGG expr		{ $$ = pa_binary(p, EX_AGGREGATE, $2, $1, $3); }
	| expr '?' expr ':' expr	{ $$ = pa_ternary(p, $2, $1, $3, $5); }
	| expr T_OROR expr		{ $$ = pa_binary(p, EX_LOGICAL, $2, $1, $3); }
	| expr T_ANDAND expr		{ $$ = pa_binary(p, EX_LOGICAL, $2, $1, $3); }
	| expr '|' expr			{ $$ = pa_binary(p, EX_BINARY, $2, $1, $3); }
	| expr '^' expr			{ $$ = pa_binary(p, EX_BINARY, $2, $1, $3); }
	| expr '&' expr			{ $$ = pa_binary(p, EX_BINARY, $2, $1, $3); }
	| expr K_IN indexed		{ $$ = pa_in(p, $2, $1, $3); }
	| '[' keys ']' K_IN indexed	{ $$ = pa_in(p, $4, $2, $5); }
	| expr K_IN hist		{ $$ = pa_in(p, $2, $1, $3); }
	| '[' keys ']' K_IN hist	{ $$ = pa_in(p, $4, $2, $5); }
	| expr T_EQ expr		{ $$ = pa_binary(p, EX_COMPARE, $2, $1, $3); }
	| expr T_NE expr		{ $$ = pa_binary(p, EX_COMPARE, $2, $1, $3); }
	| expr '<' expr			{ $$ = pa_binary(p, EX_COMPARE, $2, $1, $3); }
	| expr '>' expr			{ $$ = pa_binary(p, EX_COMPARE, $2, $1, $3); }
	| expr T_LE expr		{ $$ = pa_binary(p, EX_COMPARE, $2, $1, $3); }
	| expr T_GE expr		{ $$ = pa_binary(p, EX_COMPARE, $2, $1, $3); }
	| expr T_MATCH expr		{ $$ = pa_binary(p, EX_REGEX, $2, $1, $3); }
	| expr T_NOMATCH expr		{ $$ = pa_binary(p, EX_REGEX, $2, $1, $3); }
	| expr T_SHL expr		{ $$ = pa_binary(p, EX_BINARY, $2, $1, $3); }
	| expr T_SHR expr		{ $$ = pa_binary(p, EX_BINARY, $2, $1, $3); }
	| expr T_USHR expr		{ $$ = pa_binary(p, EX_BINARY, $2, $1, $3); }
	| expr '.' expr			{ $$ = pa_binary(p, EX_BINARY, $2, $1, $3); }
	| expr '+' expr			{ $$ = pa_binary(p, EX_BINARY, $2, $1, $3); }
	| expr '-' expr			{ $$ = pa_binary(p, EX_BINARY, $2, $1, $3); }
	| expr '*' expr			{ $$ = pa_binary(p, EX_BINARY, $2, $1, $3); }
	| expr '/' expr			{ $$ = pa_binary(p, EX_BINARY, $2, $1, $3); }
	| expr '%' expr			{ $$ = pa_binary(p, EX_BINARY, $2, $1, $3); }
	| '-' expr %prec UNARY		{ $$ = pa_unary(p, $1, $2); }
	| '+' expr %prec UNARY		{ $$ = pa_unary(p, $1, $2); }
	| '!' expr %prec UNARY		{ $$ = pa_unary(p, $1, $2); }
	| '~' expr %prec UNARY		{ $$ = pa_unary(p, $1, $2); }
	| T_INC expr %prec UNARY	{ $$ = pa_incdec(p, $1, $2, false); }
	| T_DEC expr %prec UNARY	{ $$ = pa_incdec(p, $1, $2, false); }
	| expr T_INC			{ $$ = pa_incdec(p, $2, $1, true); }
	| expr T_DEC			{ $$ = pa_incdec(p, $2, $1, true); }
	| primary
	;

primary:
	  T_NUMBER			{ $$ = pa_number(p, $1, false); }
	| string %prec LOWEST
	| indexed
	| indexed autocast %prec LOWEST	{ $$ = pa_autocast(p, $1, $2); }
	| T_IDENT '(' args ')'		{ $$ = pa_call(p, $1, $3); }
	| T_IDENT '(' args ')' autocast %prec LOWEST
					{ $$ = pa_autocast(p, pa_call(p, $1, $3),
							   $5); }
	| '(' expr ')'			{ $$ = $2; }
	| '(' expr ')' autocast %prec LOWEST
					{ $$ = pa_autocast(p, $2, $4); }
	| target
	| '&' target %prec UNARY	{ $$ = pa_addr(p, $1, $2); }
	| T_EMBEDDED			{ $$ = pa_embedded_expr(p, $1); }
	| AT_STAT '(' expr ')'		{ $$ = pa_stat(p, $1, $3, NULL); }
	| AT_STAT '(' expr ',' expr ')'	{ $$ = pa_stat(p, $1, $3, $5); }
	| AT_DEFINED '(' expr ')'	{ $$ = pa_unary(p, $1, $3); }
	| AT_ENTRY '(' expr ')'		{ $$ = pa_unary(p, $1, $3); }
	| AT_PERF '(' string ')'	{ $$ = pa_unary(p, $1, $3); }
	| AT_KDEREF '(' regnum ',' expr ')'
					{ $$ = pa_regop(p, $1, $3, $5); }
	| AT_UDEREF '(' regnum ',' expr ')'
					{ $$ = pa_regop(p, $1, $3, $5); }
	| AT_KREGISTER '(' regnum ')'	{ $$ = pa_regop(p, $1, $3, NULL); }
	| AT_UREGISTER '(' regnum ')'	{ $$ = pa_regop(p, $1, $3, NULL); }
	| AT_PROBEWRITE '(' expr ')'	{ $$ = pa_atop(p, $1, $3, NULL); }
	| AT_CONST '(' string ')'	{ $$ = pa_const(p, $1, $3); }
	;

/* @kregister(N), @kderef(N, addr): a register number or a size */
regnum:
	  T_NUMBER			{ $$ = pa_number(p, $1, false); }
	| '-' T_NUMBER			{ $$ = pa_number(p, $2, true); }
	;

string:
	  T_STRING			{ $$ = pa_string(p, $1); }
	| string T_STRING		{ $$ = pa_concat(p, $1, $2); }
	;

target:
	  T_TARGET comps %prec LOWEST	{ $$ = pa_target(p, $1, $2); }
	| AT_CAST '(' expr ',' string ')' comps %prec LOWEST
					{ $$ = pa_cast(p, $1, $3, $5, NULL, $7); }
	| AT_CAST '(' expr ',' string ',' string ')' comps %prec LOWEST
					{ $$ = pa_cast(p, $1, $3, $5, $7, $9); }
	| AT_TASK '(' expr ')' comps %prec LOWEST
					{ $$ = pa_task(p, $1, $3, $5); }
	| AT_VAR '(' string ')' comps %prec LOWEST
					{ $$ = pa_atvar(p, $1, $3, NULL, $5); }
	| AT_VAR '(' string ',' string ')' comps %prec LOWEST
					{ $$ = pa_atvar(p, $1, $3, $5, $7); }
	;

comps:
	  %empty			{ $$ = NULL; }
	| comps T_ARROW T_IDENT		{ $$ = pa_comp_field(p, $1, $3); }
	| comps '[' expr ']'		{ $$ = pa_comp_index(p, $1, $2, $3); }
	| comps T_PRETTY		{ $$ = pa_comp_field(p, $1, $2); }
	| comps T_ARROW T_PRETTY	{ $$ = pa_comp_field(p, $1, $3); }
	;

/* fh->fh_dentry: members of a typed value kept in a script variable */
autocast:
	  T_ARROW T_IDENT		{ $$ = pa_comp_field(p, NULL, $2); }
	| autocast T_ARROW T_IDENT	{ $$ = pa_comp_field(p, $1, $3); }
	| autocast '[' expr ']'		{ $$ = pa_comp_index(p, $1, $2, $3); }
	;

keys:
	  key
	| keys ',' key			{ $$ = ast_append($1, $3); }
	;

key:
	  expr
	| '*'				{ $$ = ast_expr(p->s, EX_WILDCARD, $1); }
	;

args:
	  %empty			{ $$ = NULL; }
	| arglist
	;

arglist:
	  arg
	| arglist ',' arg		{ $$ = ast_append($1, $3); }
	;

arg:
	  expr
	| hist
	;

hist:
	  AT_HIST_LOG '(' expr ')'	{ $$ = pa_stat(p, $1, $3, NULL); }
	| AT_HIST_LINEAR '(' expr ',' expr ',' expr ',' expr ')'
					{ $$ = pa_hist_linear(p, $1, $3, $5,
							      $7, $9); }
	;

%%

/* The spelling of a grammar symbol in a message: 'x', or "identifier". */
static const char *parse_sym_name(yysymbol_kind_t k)
{
	static char buf[32];
	const char *n = yysymbol_name(k);
	size_t len = strlen(n);

	if (k == YYSYMBOL_T_IDENT)
		return "identifier";
	if (n[0] == '\'')
		return n;
	if (n[0] == '"')
		snprintf(buf, sizeof(buf), "'%.*s'", (int)(len - 2), n + 1);
	else
		snprintf(buf, sizeof(buf), "'%s'", n);
	return buf;
}

static bool parse_expects(yysymbol_kind_t *exp, int n, yysymbol_kind_t k)
{
	int i;

	for (i = 0; i < n; i++)
		if (exp[i] == k)
			return true;
	return false;
}

/* Syntax errors in SystemTap's words: what the parser wanted, chosen from
 * the set of tokens bison could have accepted here. */
static int yyreport_syntax_error(const yypcontext_t *ctx, struct parser *p)
{
	yysymbol_kind_t exp[YYNTOKENS];
	yysymbol_kind_t la = yypcontext_token(ctx);
	int n = yypcontext_expected_tokens(ctx, exp, YYNTOKENS);
	struct token *t = p->last;

	if (n < 0)
		n = 0;
	if (p->quiet) {
		p->quiet = false;
		return 0;
	}
	if (la == YYSYMBOL_AT_HIST_LOG || la == YYSYMBOL_AT_HIST_LINEAR)
		diag(p->s, P_HIST_CONTEXT, t);
	else if (parse_expects(exp, n, YYSYMBOL_K_PROBE))
		diag(p->s, P_EXPECTED, t,
		     "'probe', 'global', 'private', 'function', or '%{'");
	else if (la == YYSYMBOL_T_MACRO)
		diag(p->s, P_UNKNOWN_OP, t,
		     arena_strndup(p->s->arena, t->text, t->len));
	else if (parse_expects(exp, n, YYSYMBOL_T_ADD_ASSIGN) &&
		 parse_expects(exp, n, YYSYMBOL_K_IF) &&
		 !parse_expects(exp, n, YYSYMBOL_T_NUMBER))
		diag(p->s, P_EXPECTED, t, "one of ', { } = +='");
	else if (parse_expects(exp, n, YYSYMBOL_K_IF) &&
		 (t->type == TOK_KEYWORD || t->type == TOK_EOF))
		diag(p->s, P_EXPECTED, t, "statement");
	else if (parse_expects(exp, n, YYSYMBOL_T_NUMBER) &&
		 !parse_expects(exp, n, YYSYMBOL_T_STRING))
		diag(p->s, P_EXPECTED, t, "number");
	else if (parse_expects(exp, n, YYSYMBOL_T_NUMBER))
		diag(p->s, P_EXPECTED, t, t->type == TOK_EOF ? "value" :
		     "literal string or number");
	else if (parse_expects(exp, n, YYSYMBOL_T_STRING))
		diag(p->s, P_EXPECTED, t, "literal string");
	else if (n > 0)
		diag(p->s, P_EXPECTED, t, parse_sym_name(exp[0]));
	else
		diag(p->s, P_GENERIC, t, "syntax error");
	return 0;
}

static void yyerror(PARSE_YYLTYPE *loc, struct parser *p, const char *msg)
{
	(void)loc;
	diag(p->s, P_GENERIC, p->last, msg);
}

int parse_yylex(PARSE_YYSTYPE *lval, PARSE_YYLTYPE *lloc, struct parser *p)
{
	struct token *t;
	int code = parse_next(p, &t);

	lval->tok = t;
	lloc->first_line = lloc->last_line = t->loc.line;
	lloc->first_column = lloc->last_column = t->loc.col;
	p->last = t;
	return code;
}
