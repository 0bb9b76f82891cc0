// These tests run real processes (Kamailio, sipp, PostgreSQL, up to three actorsip-node) on a 2-core machine and
// some of them measure time (failover, the README's 10-second promise): one at a time, so they measure the product
// and not each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
