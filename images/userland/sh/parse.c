/* The lexer and parser: list of and-or lists of pipelines of simple commands. Words keep their quotes; the
 * scanner only has to find where each word ends, including quotes, ${...} and $(...) that span blanks. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

#define PUSH(array, count, capacity, value)                                   \
  do {                                                                        \
    if ((count) == (capacity)) {                                              \
      (capacity) = (capacity) ? (capacity) * 2 : 4;                           \
      void *grown = arena_alloc((capacity) * sizeof *(array));                \
      if (count) memcpy(grown, (array), (count) * sizeof *(array));           \
      (array) = grown;                                                        \
    }                                                                         \
    (array)[(count)++] = (value);                                             \
  } while (0)

enum token_kind { TOKEN_WORD, TOKEN_PIPE, TOKEN_OR, TOKEN_AND, TOKEN_AMPERSAND, TOKEN_SEMICOLON, TOKEN_NEWLINE,
                  TOKEN_REDIRECT, TOKEN_END };

struct token {
  enum token_kind kind;
  const char *start;
  size_t length;
  int fd;
  enum redirect_kind redirect;
};

struct parser {
  const char *p;
  struct token token;
  enum parse_result result;
};

static const char *scan_parens(const char *p);

/* Scans a "..." body from after the opening quote; returns the position after the closing one, NULL if none. */
static const char *scan_double(const char *p) {
  while (*p && *p != '"') {
    if (*p == '\\' && p[1]) p += 2;
    else if (*p == '$' && p[1] == '(') p = scan_parens(p + 1);
    else p++;
    if (!p) return NULL;
  }
  return *p ? p + 1 : NULL;
}

/* From an opening parenthesis or brace to after its match, skipping quoted text. */
const char *scan_nested(const char *p, char open, char close) {
  int depth = 0;
  while (*p) {
    if (*p == '\\' && p[1]) {
      p += 2;
      continue;
    }
    if (*p == '\'') {
      p = strchr(p + 1, '\'');
      if (!p) return NULL;
    } else if (*p == '"') {
      p = scan_double(p + 1);
      if (!p) return NULL;
      continue;
    } else if (*p == open) {
      depth++;
    } else if (*p == close && --depth == 0) {
      return p + 1;
    }
    p++;
  }
  return NULL;
}

static const char *scan_parens(const char *p) {
  return scan_nested(p, '(', ')');
}

static bool is_meta(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' ||
         c == '(' || c == ')';
}

/* The end of the word at p; NULL when a quote or substitution is still open. */
static const char *scan_word(const char *p) {
  while (*p && !is_meta(*p)) {
    if (*p == '\\') {
      if (!p[1] || (p[1] == '\n' && !p[2])) return NULL;
      p += 2;
    } else if (*p == '\'') {
      p = strchr(p + 1, '\'');
      if (!p) return NULL;
      p++;
    } else if (*p == '"') {
      p = scan_double(p + 1);
    } else if (*p == '$' && p[1] == '{') {
      p = scan_nested(p + 1, '{', '}');
    } else if (*p == '$' && p[1] == '(') {
      p = scan_parens(p + 1);
    } else {
      p++;
    }
    if (!p) return NULL;
  }
  return p;
}

static void next(struct parser *parser) {
  const char *p = parser->p;
  for (;;) {
    while (*p == ' ' || *p == '\t') p++;
    if (p[0] == '\\' && p[1] == '\n') {
      // A line continuation at the very end: the command goes on in the next line.
      if (!p[2]) {
        parser->result = PARSE_INCOMPLETE;
        p += 2;
        break;
      }
      p += 2;
      continue;
    }
    if (*p == '#') {
      while (*p && *p != '\n') p++;
    }
    break;
  }
  struct token *token = &parser->token;
  token->start = p;
  token->fd = -1;
  const char *end = p + 1;
  switch (*p) {
  case '\0': token->kind = TOKEN_END; end = p; break;
  case '\n': token->kind = TOKEN_NEWLINE; break;
  case ';': token->kind = TOKEN_SEMICOLON; break;
  case '|':
    token->kind = p[1] == '|' ? TOKEN_OR : TOKEN_PIPE;
    end = p + (p[1] == '|' ? 2 : 1);
    break;
  case '&':
    token->kind = p[1] == '&' ? TOKEN_AND : TOKEN_AMPERSAND;
    end = p + (p[1] == '&' ? 2 : 1);
    break;
  case '(':
  case ')':
    sh_error("syntax error: subshells are not supported");
    parser->result = PARSE_ERROR;
    token->kind = TOKEN_END;
    break;
  default: {
    const char *digits = p;
    while (isdigit((unsigned char)*digits)) digits++;
    bool io_number = digits > p && (*digits == '<' || *digits == '>');
    if (*p == '<' || *p == '>' || io_number) {
      const char *op = io_number ? digits : p;
      token->kind = TOKEN_REDIRECT;
      token->fd = io_number ? atoi(p) : (*op == '<' ? 0 : 1);
      end = op + 1;
      if (op[0] == '>' && op[1] == '>') token->redirect = REDIRECT_APPEND, end++;
      else if (op[1] == '&') token->redirect = REDIRECT_DUP, end++;
      else if (op[0] == '>' && op[1] == '|') token->redirect = REDIRECT_OUT, end++;
      else token->redirect = *op == '<' ? REDIRECT_IN : REDIRECT_OUT;
      break;
    }
    token->kind = TOKEN_WORD;
    end = scan_word(p);
    if (!end) {
      parser->result = PARSE_INCOMPLETE;
      token->kind = TOKEN_END;
      end = p + strlen(p);
    }
  }
  }
  token->length = end - p;
  parser->p = end;
}

static void syntax_error(struct parser *parser) {
  if (parser->result != PARSE_OK) return;
  // Running out of input where more is expected only asks for another line.
  if (parser->token.kind == TOKEN_END) {
    parser->result = PARSE_INCOMPLETE;
    return;
  }
  sh_error("syntax error near '%.*s'", (int)(parser->token.length ? parser->token.length : 1),
           parser->token.kind == TOKEN_NEWLINE ? "newline" : parser->token.start);
  parser->result = PARSE_ERROR;
}

static void skip_newlines(struct parser *parser) {
  while (parser->token.kind == TOKEN_NEWLINE) next(parser);
}

static bool parse_command(struct parser *parser, struct command *command) {
  const char **words = NULL;
  int count = 0, capacity = 0;
  struct redirect **tail = &command->redirects;
  for (;;) {
    struct token token = parser->token;
    if (token.kind == TOKEN_WORD) {
      PUSH(words, count, capacity, arena_strndup(token.start, token.length));
      next(parser);
    } else if (token.kind == TOKEN_REDIRECT) {
      next(parser);
      if (parser->token.kind != TOKEN_WORD) {
        syntax_error(parser);
        return false;
      }
      struct redirect *redirect = arena_alloc(sizeof *redirect);
      redirect->fd = token.fd;
      redirect->kind = token.redirect;
      redirect->word = arena_strndup(parser->token.start, parser->token.length);
      *tail = redirect;
      tail = &redirect->next;
      next(parser);
    } else {
      break;
    }
  }
  if (parser->result != PARSE_OK) return false;
  if (count == 0 && !command->redirects) {
    syntax_error(parser);
    return false;
  }
  PUSH(words, count, capacity, NULL);
  command->words = words;
  return true;
}

static bool parse_pipeline(struct parser *parser, struct pipeline *pipeline) {
  int capacity = 0;
  for (;;) {
    struct command command = {0};
    if (!parse_command(parser, &command)) return false;
    PUSH(pipeline->commands, pipeline->count, capacity, command);
    if (parser->token.kind != TOKEN_PIPE) return true;
    next(parser);
    skip_newlines(parser);
  }
}

static bool parse_and_or(struct parser *parser, struct and_or *item) {
  int capacity = 0, connector_count = 0, connector_capacity = 0;
  const char *start = parser->token.start;
  enum connector connector = CONNECT_NONE;
  for (;;) {
    struct pipeline pipeline = {0};
    if (!parse_pipeline(parser, &pipeline)) return false;
    PUSH(item->pipelines, item->count, capacity, pipeline);
    PUSH(item->connectors, connector_count, connector_capacity, connector);
    const char *end = parser->token.start;
    if (parser->token.kind != TOKEN_AND && parser->token.kind != TOKEN_OR) {
      while (end > start && (end[-1] == ' ' || end[-1] == '\t')) end--;
      item->text = arena_strndup(start, end - start);
      return true;
    }
    connector = parser->token.kind == TOKEN_AND ? CONNECT_AND : CONNECT_OR;
    next(parser);
    skip_newlines(parser);
  }
}

enum parse_result parse(const char *input, struct list *out) {
  struct parser parser = {.p = input, .result = PARSE_OK};
  int capacity = 0;
  *out = (struct list){0};
  next(&parser);
  for (;;) {
    skip_newlines(&parser);
    if (parser.token.kind == TOKEN_END) break;
    struct and_or item = {0};
    if (!parse_and_or(&parser, &item)) break;
    enum token_kind separator = parser.token.kind;
    if (separator == TOKEN_AMPERSAND) item.background = true;
    PUSH(out->items, out->count, capacity, item);
    if (separator == TOKEN_END) break;
    if (separator != TOKEN_AMPERSAND && separator != TOKEN_SEMICOLON && separator != TOKEN_NEWLINE) {
      syntax_error(&parser);
      break;
    }
    next(&parser);
  }
  return parser.result;
}
