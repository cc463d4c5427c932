using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

// PipelineUpscale INPUT OUTPUT.png --scale S     LoadImages -> SuperResolve(scale: S) -> OUTPUT
// PipelineUpscale INPUT OUTPUT.png --model M.zip the same with a pipeline saved by mlContext.Model.Save
// Prints the output size, the seconds from start to the written file, and the process's peak resident memory.
if (args.Length != 4 || args[2] is not ("--scale" or "--model"))
{
    Console.Error.WriteLine("usage: PipelineUpscale INPUT OUTPUT.png (--scale S | --model PIPELINE.zip)");
    return 2;
}
var watch = Stopwatch.StartNew();
var ml = new MLContext();
var photos = ml.Data.LoadFromEnumerable(new[] { new Photo { Path = Path.GetFullPath(args[0]) } });
ITransformer model = args[2] == "--scale"
    ? ml.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: "Path")
        .Append(ml.Transforms.SuperResolve(scale: int.Parse(args[3]))).Fit(photos)
    : ml.Model.Load(args[3], out _);
foreach (var photo in ml.Data.CreateEnumerable<Photo>(model.Transform(photos), reuseRowObject: false))
{
    photo.Image!.Save(args[1]);
    Console.WriteLine($"{photo.Path} -> {args[1]} ({photo.Image.Width}x{photo.Image.Height})");
}
string peak = File.Exists("/proc/self/status")
    ? File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(':')[1].Trim()
    : $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1024} kB";
Console.WriteLine($"seconds {watch.Elapsed.TotalSeconds:F2}, peak RSS {peak}");
return 0;

sealed class Photo
{
    public string Path { get; set; } = "";
    public MLImage? Image { get; set; }
}
