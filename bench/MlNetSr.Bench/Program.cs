using MlNetSr.Bench;

// dotnet run -c Release --project bench/MlNetSr.Bench -- bicubic [--data ../shared/data] [--out bench/results/bicubic.md]
string command = args.FirstOrDefault() ?? "";
string data = Arguments.Value(args, "--data") ?? Path.Combine("..", "shared", "data");
string? output = Arguments.Value(args, "--out");
switch (command)
{
    case "bicubic":
        var report = BicubicBenchmark.Run(data);
        Console.Write(report);
        if (output is not null) MlNetSr.IO.AtomicFile.WriteAllText(output, report);
        return 0;
    default:
        Console.Error.WriteLine("usage: MlNetSr.Bench bicubic [--data <shared data folder>] [--out <report.md>]");
        return 2;
}
