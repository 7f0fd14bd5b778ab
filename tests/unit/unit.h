/* unit: what every cmocka unit test includes. */
#ifndef UNIT_H
#define UNIT_H

#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define RUN(...) do { \
	const struct CMUnitTest tests_[] = { __VA_ARGS__ }; \
	return cmocka_run_group_tests(tests_, NULL, NULL); \
} while (0)

#endif
