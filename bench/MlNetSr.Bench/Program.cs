using MlNetSr.Bench;

// dotnet run -c Release --project bench/MlNetSr.Bench -- bicubic [--data ../shared/data] [--out bench/results/bicubic.md]
// dotnet run -c Release --project bench/MlNetSr.Bench -- train-step [--threads 2] [--batch 16] [--patch 48] [--steps 20]
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
    case "train-step":
        int threads = int.Parse(Arguments.Value(args, "--threads") ?? "2"), batch = int.Parse(Arguments.Value(args, "--batch") ?? "16");
        int patch = int.Parse(Arguments.Value(args, "--patch") ?? "48"), steps = int.Parse(Arguments.Value(args, "--steps") ?? "20");
        Console.WriteLine(TrainingStepBenchmark.Describe(threads, batch, patch, TrainingStepBenchmark.SecondsPerStep(threads, batch, patch, steps)));
        return 0;
    default:
        Console.Error.WriteLine("usage: MlNetSr.Bench bicubic [--data <shared data folder>] [--out <report.md>]\n       MlNetSr.Bench train-step [--threads 2] [--batch 16] [--patch 48] [--steps 20]");
        return 2;
}
