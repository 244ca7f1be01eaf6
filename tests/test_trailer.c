#include <criterion/criterion.h>

#include "trailer.h"

Test(trailer, placeholder)
{
	cr_assert(1);
}
