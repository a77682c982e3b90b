using BenchmarkDotNet.Running;

// dotnet run -c Release --project tools/MailHub.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
