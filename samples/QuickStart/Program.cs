using Microsoft.ML;
using Microsoft.ML.Data;

var ml = new MLContext();
var photos = ml.Data.LoadFromEnumerable(new[] { new Photo { Path = "../shared/data/benchmarks/Set14/monarch.png" } });

var pipeline = ml.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: "Path")
    .Append(ml.Transforms.SuperResolve(scale: 3));   // embedded EDSR model; GPU when present, else CPU

var upscaled = pipeline.Fit(photos).Transform(photos);
string output = args.Length > 0 ? args[0] : "monarch_x3.png";
foreach (var photo in ml.Data.CreateEnumerable<Photo>(upscaled, reuseRowObject: false))
{
    photo.Image!.Save(output);
    Console.WriteLine($"{photo.Path} -> {output} ({photo.Image.Width}x{photo.Image.Height})");
}

sealed class Photo
{
    public string Path { get; set; } = "";
    public MLImage? Image { get; set; }
}
