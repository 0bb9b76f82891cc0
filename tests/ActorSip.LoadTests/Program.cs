using System.CommandLine;
using ActorSip.LoadTests;

// actorsip-load: whole-system measurements that print their numbers (BENCHMARKS.md records them with this command).
var slices = new Option<int>("--slices") { Description = "credential slices (endpoint × realm) loaded into the directory", DefaultValueFactory = _ => 10_000 };
var seconds = new Option<int>("--seconds") { Description = "measuring time per mode (local, cross-node, peer)", DefaultValueFactory = _ => 15 };
var concurrency = new Option<int>("--concurrency") { Description = "lookups in flight at once (closed loop)", DefaultValueFactory = _ => 64 };
var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string: also measure the peer, a credential table read with the same concurrency" };
var lookups = new Command("lookups", "P4: credential-directory lookups per second and latency, local and cross-node, on a 2-node cluster in this process (real remoting on 127.0.0.1)")
{
    slices, seconds, concurrency, postgres,
};
lookups.SetAction((parse, ct) => LookupLoad.RunAsync(parse.GetValue(slices), TimeSpan.FromSeconds(parse.GetValue(seconds)),
    parse.GetValue(concurrency), parse.GetValue(postgres), Console.Out, ct));
var root = new RootCommand("actorsip-load: whole-system load harnesses") { lookups };
return await root.Parse(args).InvokeAsync();
