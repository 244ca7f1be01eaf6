#include <criterion/criterion.h>

#include "gitsig.h"

Test(gitsig, placeholder)
{
	cr_assert(1);
}
