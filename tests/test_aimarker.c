#include <criterion/criterion.h>

#include "aimarker.h"

Test(aimarker, placeholder)
{
	cr_assert(1);
}
