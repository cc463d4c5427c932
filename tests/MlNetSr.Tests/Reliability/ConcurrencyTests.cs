using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSr.Imaging;
using MlNetSr.Pipelines;
using MlNetSr.Tests.Cli;
using MlNetSr.Tests.Pipelines;
using Xunit;

namespace MlNetSr.Tests.Reliability;

/// <summary>
/// One fitted SuperResolve used from 8 threads at once, through a PredictionEngine per thread and through Transform
/// over partitions of the data, gives the bytes of sequential use, with one ONNX session for the model. In the
/// console collection (no parallel tests): the session count and the process's memory are process-wide.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConcurrencyTests : IDisposable
{
    private const int Threads = 8;
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-threads-").FullName;
    private readonly MLContext ml = new(seed: 1);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Eight_threads_give_the_bytes_of_sequential_use_with_one_shared_session()
    {
        var files = SmallImages();
        var model = Fit(files);
        var expected = Sequential(model, files);

        int sessionsBefore = PipelineEngines.Created;
        var engines = new PredictionEngine<PathRow, SuperResolvedRow>[Threads];
        RunThreads(t => engines[t] = ml.Model.CreatePredictionEngine<PathRow, SuperResolvedRow>(model));
        var perThread = new byte[Threads][][];
        long workingSetWarm = 0;
        for (int round = 0; round < 3; round++)
        {
            // Every thread predicts every image, starting at a different one so that different images run at once.
            RunThreads(t => perThread[t] = Enumerable.Range(0, files.Count).Select(k => Predict(engines[t], files[(t + k) % files.Count])).ToArray());
            if (round == 0) workingSetWarm = CurrentWorkingSet();
            for (int t = 0; t < Threads; t++)
                for (int k = 0; k < files.Count; k++)
                    Assert.True(expected[(t + k) % files.Count].AsSpan().SequenceEqual(perThread[t][k]), $"thread {t}, image {files[(t + k) % files.Count]}");
        }
        // The sequential run created the model's session; eight engines on eight threads added none.
        Assert.Equal(sessionsBefore, PipelineEngines.Created);
        long growth = CurrentWorkingSet() - workingSetWarm;
        Assert.True(growth < 200L << 20, $"working set grew {growth >> 20} MiB over two more rounds of {Threads * files.Count} predictions");
        foreach (var engine in engines) engine.Dispose();
    }

    [Fact]
    public void Transform_over_partitions_on_eight_threads_gives_the_bytes_of_one_pass()
    {
        var files = SmallImages();
        var model = Fit(files);
        var expected = Sequential(model, files);
        int sessionsBefore = PipelineEngines.Created;
        var parts = new List<byte[]>[Threads];
        RunThreads(t =>
        {
            var mine = files.Where((_, i) => i % Threads == t).ToList();
            parts[t] = model.Transform(PipelineFixture.Paths(ml, mine)).GetColumn<MLImage>("SuperResolved")
                .Select(image => { using (image) return PipelineFixture.Bytes(image).Data; }).ToList();
        });
        for (int i = 0; i < files.Count; i++) Assert.Equal(expected[i], parts[i % Threads][i / Threads]);
        Assert.Equal(sessionsBefore, PipelineEngines.Created);
    }

    private static byte[] Predict(PredictionEngine<PathRow, SuperResolvedRow> engine, string file)
    {
        using var image = engine.Predict(new PathRow { ImagePath = file }).SuperResolved!;
        return PipelineFixture.Bytes(image).Data;
    }

    private List<byte[]> Sequential(ITransformer model, List<string> files) =>
        model.Transform(PipelineFixture.Paths(ml, files)).GetColumn<MLImage>("SuperResolved")
            .Select(image => { using (image) return PipelineFixture.Bytes(image).Data; }).ToList();

    private ITransformer Fit(List<string> files) =>
        ml.Transforms.LoadImages("Image", null, nameof(PathRow.ImagePath))
            .Append(ml.Transforms.SuperResolve(new SuperResolutionOptions
            {
                OutputColumnName = "SuperResolved",
                InputColumnName = "Image",
                Scale = 2,
                ModelFile = TestData.Fixture("onnx/edsr_b2f16_x2.onnx"),
                TileSize = 16, // several tiles per image, so threads interleave inside an image too
            }))
            .Fit(PipelineFixture.Paths(ml, files.Take(1)));

    /// <summary>16 images of different sizes: the RGB and gray fixtures and crops of them, as PNG files.</summary>
    private List<string> SmallImages()
    {
        var sources = new[] { "rgb.png", "gray.png", "rgb.jpg", "rgb.bmp" }.Select(f => ImageFile.Read(TestData.Fixture("images/" + f))).ToList();
        var files = new List<string>();
        for (int i = 0; i < 16; i++)
        {
            var source = sources[i % sources.Count];
            var crop = FuzzSeeds.Crop(source, i % 5, i % 3, source.Width - i % 7, source.Height - i % 4);
            string path = Path.Combine(folder, $"image{i:D2}.png");
            ImageFile.WritePng(crop, path);
            files.Add(path);
        }
        return files;
    }

    private static void RunThreads(Action<int> body)
    {
        using var start = new Barrier(Threads);
        var errors = new Exception?[Threads];
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            try { body(t); }
            catch (Exception e) { errors[t] = e; }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        foreach (var error in errors) if (error is not null) throw new AggregateException(error);
    }

    private static long CurrentWorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
