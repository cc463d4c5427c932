using MlNetSr.Bench;

// dotnet run -c Release --project bench/MlNetSr.Bench -- bicubic [--data ../shared/data] [--out bench/results/bicubic.md]
// dotnet run -c Release --project bench/MlNetSr.Bench -- train-step [--threads 2] [--batch 16] [--patch 48] [--steps 20] [--scale 2] [--layout channels-last|nchw]
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
        int scale = int.Parse(Arguments.Value(args, "--scale") ?? "2");
        string layout = Arguments.Value(args, "--layout") ?? "channels-last";
        if (layout is not ("channels-last" or "nchw")) throw new ArgumentException($"--layout {layout}: use channels-last (the trainer's) or nchw");
        bool channelsLast = layout == "channels-last";
        Console.WriteLine(TrainingStepBenchmark.Describe(threads, batch, patch, scale, channelsLast,
            TrainingStepBenchmark.SecondsPerStep(threads, batch, patch, steps, scale, channelsLast)));
        return 0;
    case "inference":
        string checkpoint = Arguments.Value(args, "--checkpoint") ?? throw new ArgumentException("--checkpoint is required");
        var inferenceReport = InferenceBenchmark.Run(checkpoint, data, int.Parse(Arguments.Value(args, "--threads") ?? "2"));
        Console.Write(inferenceReport);
        if (output is not null) MlNetSr.IO.AtomicFile.WriteAllText(output, inferenceReport);
        return 0;
    case "peak-memory":
        string onnx = Arguments.Value(args, "--onnx") ?? throw new ArgumentException("--onnx is required");
        Console.WriteLine(PeakMemoryBenchmark.Run(onnx, data, int.Parse(Arguments.Value(args, "--threads") ?? "2"), int.Parse(Arguments.Value(args, "--tile") ?? "128"),
            int.Parse(Arguments.Value(args, "--width") ?? "4000"), int.Parse(Arguments.Value(args, "--height") ?? "3000")));
        return 0;
    case "frame":
        // A photograph-like test frame (a B100 image mirrored to the size), as PNG: the tiled-pipeline benchmark's input.
        int frameWidth = int.Parse(Arguments.Value(args, "--width") ?? "1920"), frameHeight = int.Parse(Arguments.Value(args, "--height") ?? "1080");
        MlNetSr.Imaging.ImageFile.WritePng(BenchmarkFrames.Mirrored(data, frameWidth, frameHeight), output ?? throw new ArgumentException("--out is required"));
        return 0;
    case "load-folder":
        // The load benchmark's folder of mixed images (bench/reliability/load.sh).
        LoadFolder.Write(data, output ?? throw new ArgumentException("--out is required"), int.Parse(Arguments.Value(args, "--count") ?? "500"));
        return 0;
    case "int8-layers":
        var layerReport = Int8LayerSensitivity.Run(data, int.Parse(Arguments.Value(args, "--scale") ?? "2"), int.Parse(Arguments.Value(args, "--held-out") ?? "5"));
        Console.Write(layerReport);
        if (output is not null) MlNetSr.IO.AtomicFile.WriteAllText(output, layerReport);
        return 0;
    case "int8-forward":
        Console.Write(Int8ForwardBenchmark.Run(data, int.Parse(Arguments.Value(args, "--width") ?? "1920"), int.Parse(Arguments.Value(args, "--height") ?? "1080"),
            int.Parse(Arguments.Value(args, "--scale") ?? "2"), int.Parse(Arguments.Value(args, "--rounds") ?? "3"),
            Arguments.Value(args, "--threads") is string t ? int.Parse(t) : null));
        return 0;
    case "session-setting":
        // One ONNX Runtime session setting's seconds (bench/int8/session-settings.sh).
        Console.WriteLine(SessionSettingsBenchmark.Run(data, Arguments.Value(args, "--setting") ?? "default",
            Enum.Parse<MlNetSr.Inference.Precision>(Arguments.Value(args, "--precision") ?? "Int8", ignoreCase: true),
            int.Parse(Arguments.Value(args, "--width") ?? "640"), int.Parse(Arguments.Value(args, "--height") ?? "360"),
            int.Parse(Arguments.Value(args, "--scale") ?? "2"), long.Parse(Arguments.Value(args, "--budget-mib") ?? "128") << 20,
            int.Parse(Arguments.Value(args, "--rounds") ?? "3")));
        return 0;
    case "phases":
        // Wall and CPU seconds of each phase of one upscale (decode, load, forward, encode).
        Console.Write(UpscalePhases.Run(args[1], int.Parse(Arguments.Value(args, "--scale") ?? "2"),
            Enum.Parse<MlNetSr.Inference.Precision>(Arguments.Value(args, "--precision") ?? "Int8", ignoreCase: true),
            long.Parse(Arguments.Value(args, "--budget-mib") ?? "1024") << 20, Arguments.Value(args, "--model")));
        return 0;
    case "ort-profile":
        // ONNX Runtime's node time of one upscale, summed by operator type.
        Console.Write(OrtProfile.Run(args[1], int.Parse(Arguments.Value(args, "--scale") ?? "2"),
            Enum.Parse<MlNetSr.Inference.Precision>(Arguments.Value(args, "--precision") ?? "Int8", ignoreCase: true),
            long.Parse(Arguments.Value(args, "--budget-mib") ?? "1024") << 20));
        return 0;
    case "psnr":
        // PSNR (RGB, no shave) of the second image against the first, e.g. int8 output against float32 output.
        var (reference, candidate) = (MlNetSr.Imaging.ImageFile.Read(args[1]), MlNetSr.Imaging.ImageFile.Read(args[2]));
        double psnr = MlNetSr.Metrics.ImageQuality.Measure(reference, candidate, 1, new MlNetSr.Metrics.EvaluationProtocol { Channel = MlNetSr.Metrics.EvaluationChannel.Rgb, Shave = 0 }).Psnr;
        Console.WriteLine(psnr.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    case "same-pixels":
        // Exit 0 when two image files decode to the same pixels.
        var (first, second) = (MlNetSr.Imaging.ImageFile.Read(args[1]), MlNetSr.Imaging.ImageFile.Read(args[2]));
        bool same = (first.Width, first.Height) == (second.Width, second.Height) && first.Data.AsSpan().SequenceEqual(second.Data);
        Console.WriteLine(same ? "same pixels" : $"different: {first.Width}x{first.Height} vs {second.Width}x{second.Height}");
        return same ? 0 : 1;
    default:
        Console.Error.WriteLine("usage: MlNetSr.Bench bicubic [--data <shared data folder>] [--out <report.md>]\n       MlNetSr.Bench train-step [--threads 2] [--batch 16] [--patch 48] [--steps 20] [--scale 2] [--layout channels-last|nchw]\n       MlNetSr.Bench inference --checkpoint <.pt> [--threads 2] [--out <report.md>]\n       MlNetSr.Bench peak-memory --onnx <x4 model> [--tile 128]\n       MlNetSr.Bench frame --width W --height H --out frame.png\n       MlNetSr.Bench load-folder --out folder [--count 500]\n       MlNetSr.Bench same-pixels a.png b.png\n       MlNetSr.Bench psnr reference.png candidate.png\n       MlNetSr.Bench int8-layers [--scale 2] [--held-out 5] [--out <report.md>]\n       MlNetSr.Bench int8-forward [--width 1920] [--height 1080] [--scale 2] [--rounds 3] [--threads N]\n       MlNetSr.Bench session-setting [--setting default|threads-1|...] [--precision int8|float32] [--width 640] [--height 360] [--scale 2] [--budget-mib 128] [--rounds 3]\n       MlNetSr.Bench phases image.png [--scale 2] [--precision int8|float32] [--budget-mib 1024] [--model m.onnx]\n       MlNetSr.Bench ort-profile image.png [--scale 2] [--precision int8|float32] [--budget-mib 1024]");
        return 2;
}
