// Upscale every image of a folder in an ML.NET pipeline: LoadImages -> SuperResolve -> PNG files.
//   dotnet run --project samples/UpscaleFolder -- <input folder> <output folder> [scale = 3]
using Microsoft.ML;
using Microsoft.ML.Data;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: UpscaleFolder <input folder> <output folder> [scale = 3]");
    return 2;
}
string input = args[0], output = args[1];
int scale = args.Length > 2 ? int.Parse(args[2]) : 3;
var files = Directory.GetFiles(input).Where(f => Path.GetExtension(f).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg" or ".bmp").Order().ToList();
if (files.Count == 0)
{
    Console.Error.WriteLine($"no images in {input}");
    return 2;
}

var ml = new MLContext();
var data = ml.Data.LoadFromEnumerable(files.Select(f => new ImagePath { Path = f }));
var pipeline = ml.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: nameof(ImagePath.Path))
    .Append(ml.Transforms.SuperResolve(scale: scale));
var upscaled = pipeline.Fit(data).Transform(data);

Directory.CreateDirectory(output);
foreach (var row in ml.Data.CreateEnumerable<UpscaledImage>(upscaled, reuseRowObject: false))
{
    string target = System.IO.Path.Combine(output, System.IO.Path.GetFileNameWithoutExtension(row.Path) + $"_x{scale}.png");
    row.Image!.Save(target);
    Console.WriteLine($"{row.Path} -> {target} ({row.Image.Width}x{row.Image.Height})");
}
return 0;

sealed class ImagePath
{
    public string Path { get; set; } = "";
}

sealed class UpscaledImage
{
    public string Path { get; set; } = "";
    public MLImage? Image { get; set; }
}
