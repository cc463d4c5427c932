using MlNetSr.Concurrency;
using MlNetSr.Imaging;
using MlNetSr.Metrics;

namespace MlNetSr.Evaluation;

/// <summary>The score of one image at one scale.</summary>
public sealed record ImageScore(string File, int Width, int Height, double Psnr, double Ssim);

/// <summary>Mean PSNR/SSIM of one set at one scale: the arithmetic mean of per-image values (SR_SPEC §4.6).</summary>
public sealed record SetScore(string Set, int Scale, double Psnr, double Ssim, IReadOnlyList<ImageScore> Images)
{
    /// <summary>How many images were scored.</summary>
    public int ImageCount => Images.Count;
}

/// <summary>
/// Scores an upscaler on a folder of HR images the paper's way: each image is mod-cropped, degraded with the
/// MATLAB bicubic, upscaled back and measured under the <see cref="EvaluationProtocol"/>.
/// Images are read once and reused for every scale.
/// </summary>
public sealed class SetEvaluator
{
    private readonly EvaluationProtocol protocol;
    private readonly int maxParallelism;
    private readonly ImageReadOptions? readOptions;

    /// <param name="protocol">the metric choices; the paper's Table 3 protocol by default</param>
    /// <param name="maxParallelism">images scored at once; 1 for upscalers that use every core themselves (a network)</param>
    /// <param name="readOptions">how alpha channels and 16-bit files are treated (refused by default)</param>
    public SetEvaluator(EvaluationProtocol? protocol = null, int maxParallelism = -1, ImageReadOptions? readOptions = null)
    {
        this.protocol = protocol ?? EvaluationProtocol.Paper;
        this.maxParallelism = maxParallelism;
        this.readOptions = readOptions;
    }

    /// <param name="folder">folder of HR images</param>
    /// <param name="scales">the scales to score, each one a separate result</param>
    /// <param name="upscaler">what turns each LR image back into an HR-sized one</param>
    /// <param name="progress">receives (images done, images total) over all scales</param>
    public IReadOnlyList<SetScore> Evaluate(string folder, IReadOnlyList<int> scales, IUpscaler upscaler, IProgress<(int Done, int Total)>? progress = null) =>
        Evaluate(ImageFolder.List(folder), ImageFolder.SetName(folder), scales, upscaler, progress);

    /// <summary>Scores a given list of HR image files (e.g. training images held out of the patch sampler) as one set.</summary>
    /// <param name="files">the HR image files</param>
    /// <param name="set">the set's name in the results</param>
    /// <param name="scales">the scales to score, each one a separate result</param>
    /// <param name="upscaler">what turns each LR image back into an HR-sized one</param>
    /// <param name="progress">receives (images done, images total) over all scales</param>
    public IReadOnlyList<SetScore> Evaluate(IReadOnlyList<string> files, string set, IReadOnlyList<int> scales, IUpscaler upscaler, IProgress<(int Done, int Total)>? progress = null)
    {
        foreach (int scale in scales)
            if (!upscaler.Supports(scale))
                throw new ArgumentOutOfRangeException(nameof(scales), $"scale {scale} is not supported by {upscaler.Name}");
        if (files.Count == 0) throw new ArgumentException($"set {set}: no images to score", nameof(files));
        var images = files.Select(f => (Path: f, Image: ImageFile.Read(f, readOptions))).ToList();
        int total = files.Count * scales.Count, done = 0;
        var results = new List<SetScore>();
        foreach (int scale in scales)
        {
            var rows = new ImageScore[images.Count];
            ParallelLoop.For(images.Count, i =>
            {
                var (path, image) = images[i];
                string name = Path.GetFileName(path);
                var (hr, lr) = Degradation.MakePair(image, scale, path);
                var sr = upscaler.Upscale(lr, scale);
                var score = ImageQuality.Measure(hr, sr, scale, protocol, path);
                rows[i] = new ImageScore(name, hr.Width, hr.Height, score.Psnr, score.Ssim);
                progress?.Report((Interlocked.Increment(ref done), total));
            }, maxParallelism);
            results.Add(new SetScore(set, scale, rows.Average(r => r.Psnr), rows.Average(r => r.Ssim), rows));
        }
        return results;
    }
}
