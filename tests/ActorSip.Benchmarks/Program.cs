using BenchmarkDotNet.Running;

// `dotnet run -c Release --project tests/ActorSip.Benchmarks -- --filter '*'` runs every benchmark.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
