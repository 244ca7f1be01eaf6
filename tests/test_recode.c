#include <criterion/criterion.h>

#include "recode.h"

Test(recode, placeholder)
{
	cr_assert(1);
}
