using MonitorBot.Bench;

// A plain Stopwatch bench command (figures go to docs/benchmarks.md).
// Usage: dotnet run -c Release --project bench/MonitorBot.Bench -- [storage|feeds|evaluation|all]
var what = args.Length > 0 ? args[0] : "all";
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
if (what is "storage" or "all") await StorageBench.RunAsync(Console.Out, cts.Token);
if (what is "feeds" or "all") await FeedsBench.RunAsync(Console.Out, cts.Token);
if (what is "evaluation" or "all") await EvaluationBench.RunAsync(Console.Out, cts.Token);
return 0;
