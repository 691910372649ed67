/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * The generic parse of the offload path: any frame, any segment layout,
 * through rte_net_get_ptype. The reference for lo_parse_fast (lo_offload.h),
 * which takes the common frames at fixed offsets.
 */

#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_net.h>

#include "lo_offload.h"

/*
 * The packet's types and header lengths, as rte_net_get_ptype gives them,
 * plus L4_ICMP, which it leaves out: IPv4 protocol 1, or IPv6 next header
 * 58 right after the fixed header, not a fragment.
 */
uint32_t
lo_parse(const struct rte_mbuf *m, struct rte_net_hdr_lens *hl)
{
	uint32_t pt = rte_net_get_ptype(m, hl, LO_PARSED);
	const uint8_t *proto;
	uint8_t buf;

	if ((pt & RTE_PTYPE_L4_MASK) != 0)
		return pt;
	if (RTE_ETH_IS_IPV4_HDR(pt)) {
		proto = rte_pktmbuf_read(m, hl->l2_len + offsetof(struct rte_ipv4_hdr,
			next_proto_id), 1, &buf);
		if (proto != NULL && *proto == IPPROTO_ICMP)
			pt |= RTE_PTYPE_L4_ICMP;
	} else if ((pt & RTE_PTYPE_L3_MASK) == RTE_PTYPE_L3_IPV6) {
		proto = rte_pktmbuf_read(m, hl->l2_len + offsetof(struct rte_ipv6_hdr, proto),
			1, &buf);
		if (proto != NULL && *proto == IPPROTO_ICMPV6)
			pt |= RTE_PTYPE_L4_ICMP;
	}
	return pt;
}
