/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * The Toeplitz hash with GFNI: DPDK's rte_thash_gfni over the key's
 * matrices (rte_thash_complete_matrix, lo_rss_key_set). This file alone is
 * built with AVX-512 and GFNI; lo_rss_select calls it only where the CPU
 * has them and EAL allows 512-bit SIMD. Without compiler support it is a
 * stub that reports itself missing.
 */

#include <stdint.h>

#include <rte_common.h>
#include <rte_thash.h>

uint32_t lo_toeplitz_gfni(const uint64_t *matrices, const uint8_t *tuple, unsigned int len);

/*
 * The hash of len bytes of tuple; with len 0, whether this build has it
 * (0: yes).
 */
uint32_t
lo_toeplitz_gfni(const uint64_t *matrices, const uint8_t *tuple, unsigned int len)
{
#ifdef RTE_THASH_GFNI_DEFINED
	if (len == 0)
		return 0;
	return rte_thash_gfni(matrices, tuple, (int)len);
#else
	RTE_SET_USED(matrices);
	RTE_SET_USED(tuple);
	RTE_SET_USED(len);
	return UINT32_MAX;
#endif
}
