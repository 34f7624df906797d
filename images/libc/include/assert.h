/* Not guarded: each inclusion follows the current NDEBUG, as the C standard requires. */
#undef assert
#ifdef NDEBUG
#define assert(condition) ((void)0)
#else
_Noreturn void __assert_fail(const char *condition, const char *file, int line, const char *function);
#define assert(condition) ((condition) ? (void)0 : __assert_fail(#condition, __FILE__, __LINE__, __func__))
#endif
