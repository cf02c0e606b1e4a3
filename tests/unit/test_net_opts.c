/* --nic parsing (devices/net_opts.c): the values QEMU's -nic user syntax
 * means, and refusals with one line that names the problem. */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "check_main.h"
#include "devices/net.h"

static struct net_opts o;
static char err[256];

static uint32_t ip(const char *s)
{
    struct in_addr a;
    ck_assert_int_eq(inet_pton(AF_INET, s, &a), 1);
    return a.s_addr;
}

START_TEST(defaults)
{
    net_opts_default(&o);
    ck_assert_int_eq(o.kind, NET_USER);
    const uint8_t mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
    ck_assert_mem_eq(o.mac, mac, ETH_ALEN);
    ck_assert(!o.restricted);
    ck_assert_uint_eq(o.nfwd, 0);
    ck_assert_str_eq(o.dump, "");
}
END_TEST

START_TEST(none_and_user)
{
    ck_assert(net_parse_nic("none", &o, err, sizeof err));
    ck_assert_int_eq(o.kind, NET_NONE);
    ck_assert(net_parse_nic("user", &o, err, sizeof err));
    ck_assert_int_eq(o.kind, NET_USER);
}
END_TEST

START_TEST(hostfwd_forms)
{
    ck_assert_msg(net_parse_nic("user,hostfwd=tcp:127.0.0.1:2222-:22,"
                                "hostfwd=udp::5353-10.0.2.16:53,hostfwd=::8080-:80",
                                &o, err, sizeof err), "%s", err);
    ck_assert_uint_eq(o.nfwd, 3);
    /* tcp, host address given, guest address defaulted to the DHCP one */
    ck_assert(!o.fwd[0].udp);
    ck_assert_uint_eq(o.fwd[0].host_addr.s_addr, ip("127.0.0.1"));
    ck_assert_uint_eq(o.fwd[0].host_port, 2222);
    ck_assert_uint_eq(o.fwd[0].guest_addr.s_addr, ip("10.0.2.15"));
    ck_assert_uint_eq(o.fwd[0].guest_port, 22);
    /* udp, host address defaulted to loopback (not QEMU's any: nothing
     * is opened beyond this host unless asked), guest address given */
    ck_assert(o.fwd[1].udp);
    ck_assert_uint_eq(o.fwd[1].host_addr.s_addr, ip("127.0.0.1"));
    ck_assert_uint_eq(o.fwd[1].host_port, 5353);
    ck_assert_uint_eq(o.fwd[1].guest_addr.s_addr, ip("10.0.2.16"));
    ck_assert_uint_eq(o.fwd[1].guest_port, 53);
    /* protocol omitted: tcp */
    ck_assert(!o.fwd[2].udp);
    ck_assert_uint_eq(o.fwd[2].host_port, 8080);
}
END_TEST

START_TEST(mac_restrict_dump)
{
    ck_assert(net_parse_nic("user,mac=02:00:0A:bc:de:f0,restrict=on,dump=/tmp/x.pcap",
                            &o, err, sizeof err));
    const uint8_t mac[ETH_ALEN] = { 0x02, 0x00, 0x0a, 0xbc, 0xde, 0xf0 };
    ck_assert_mem_eq(o.mac, mac, ETH_ALEN);
    ck_assert(o.restricted);
    ck_assert_str_eq(o.dump, "/tmp/x.pcap");
    ck_assert(net_parse_nic("user,restrict=off", &o, err, sizeof err));
    ck_assert(!o.restricted);
}
END_TEST

/* Each refusal: false, and the line names the option. */
START_TEST(refusals)
{
    static const char *const bad[] = {
        "", "tap", "user,bogus=1", "user,hostfwd", "user,hostfwd=tcp::22",
        "user,hostfwd=tcp::0-:22", "user,hostfwd=tcp::65536-:22",
        "user,hostfwd=tcp::22-:-1", "user,hostfwd=icmp::1-:1",
        "user,hostfwd=tcp:999.0.0.1:22-:22", "user,mac=52:54:00:12:34",
        "user,mac=52:54:00:12:34:56:78", "user,mac=53:54:00:12:34:56",
        "user,mac=zz:54:00:12:34:56", "user,restrict=2", "user,dump=",
        "none,restrict=on",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = 0;
        ck_assert_msg(!net_parse_nic(bad[i], &o, err, sizeof err), "accepted '%s'", bad[i]);
        ck_assert_msg(!strncmp(err, "--nic: ", 7), "'%s': %s", bad[i], err);
        ck_assert_ptr_null(strchr(err, '\n'));
    }
}
END_TEST

START_TEST(forward_limit)
{
    char spec[2048] = "user";
    for (int i = 0; i <= NET_MAX_FWD; i++) {
        char one[64];
        snprintf(one, sizeof one, ",hostfwd=tcp::%d-:%d", 10000 + i, 22);
        strcat(spec, one);
    }
    ck_assert(!net_parse_nic(spec, &o, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "at most"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("net_opts");
    TCase *t = tcase_create("parse");
    tcase_add_test(t, defaults);
    tcase_add_test(t, none_and_user);
    tcase_add_test(t, hostfwd_forms);
    tcase_add_test(t, mac_restrict_dump);
    tcase_add_test(t, refusals);
    tcase_add_test(t, forward_limit);
    suite_add_tcase(s, t);
    return run_suite(s);
}
