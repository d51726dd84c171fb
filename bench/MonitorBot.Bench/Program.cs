using MonitorBot.Bench;

// A plain Stopwatch bench command (figures go to docs/benchmarks.md).
// Usage: dotnet run -c Release --project bench/MonitorBot.Bench -- [storage|feeds|evaluation|all]
//        dotnet run -c Release --project bench/MonitorBot.Bench -- nab --data DIR [--out docs/benchmarks.md | --no-write]
//        dotnet run -c Release --project bench/MonitorBot.Bench -- startup [--runs 3] [--compare OTHER/monitorbot.dll]   (the worker against a bare Generic Host)
var what = args.Length > 0 ? args[0] : "all";
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
if (what == "nab")
{
    var data = args.SkipWhile(a => a != "--data").Skip(1).FirstOrDefault() ?? "/work/nab-data";
    var doc = args.Contains("--no-write") ? null : args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? "docs/benchmarks.md";
    return await NabBench.RunAsync(Console.Out, data, doc, cts.Token);
}

if (what == "bare-host") return await StartupBench.BareHostAsync(cts.Token);
if (what == "startup")
{
    var runs = int.Parse(args.SkipWhile(a => a != "--runs").Skip(1).FirstOrDefault() ?? "3", System.Globalization.CultureInfo.InvariantCulture);
    return await StartupBench.RunAsync(Console.Out, runs, args.SkipWhile(a => a != "--compare").Skip(1).FirstOrDefault(), cts.Token);
}

if (what is "storage" or "all") await StorageBench.RunAsync(Console.Out, cts.Token);
if (what is "feeds" or "all") await FeedsBench.RunAsync(Console.Out, cts.Token);
if (what is "evaluation" or "all") await EvaluationBench.RunAsync(Console.Out, cts.Token);
return 0;
