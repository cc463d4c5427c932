using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using MlNetSr.Concurrency;
using MlNetSr.Evaluation;
using MlNetSr.Imaging;

namespace MlNetSr.Trainer.Training;

/// <summary>
/// The HR/LR pairs of a training folder (sub-folders included) for each scale (SR_SPEC §3.1): every image is mod-cropped, and its LR image
/// is either made with the MATLAB bicubic (computed once and cached as PNG, keyed by the HR file's name, size and
/// time) or read from a paired LR folder (NTIRE "unknown degradation": <c>name.png</c> or <c>namex{s}.png</c>).
/// Gray images are replicated to RGB; with downscaled copies each image also enters shrunk (<see cref="DownscaledCopies"/>).
/// Images whose LR side is below the patch size are skipped and counted.
/// </summary>
public sealed class TrainingSet
{
    private readonly Dictionary<int, IReadOnlyList<TrainingPair>> pairs;

    private TrainingSet(Dictionary<int, IReadOnlyList<TrainingPair>> pairs, IReadOnlyList<string> skipped)
    {
        this.pairs = pairs;
        Skipped = skipped;
    }

    /// <summary>Pairs usable at <paramref name="scale"/>.</summary>
    public IReadOnlyList<TrainingPair> PairsFor(int scale) => pairs[scale];

    /// <summary>"name (x3: LR 26x26 &lt; 48)" for every image skipped at some scale.</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>Reads and pairs every image of <paramref name="highResolutionFolder"/> for each of <paramref name="scales"/>.</summary>
    /// <param name="highResolutionFolder">HR images, sub-folders included.</param>
    /// <param name="scales">The scales to make pairs for.</param>
    /// <param name="lowResolutionPatch">LR patch side; images whose LR is smaller are skipped.</param>
    /// <param name="lowResolutionFolder">Paired LR images; null makes them with the MATLAB bicubic.</param>
    /// <param name="cacheFolder">Where bicubic LR images are cached; null computes them without caching.</param>
    /// <param name="log">Receives one summary line; null for none.</param>
    /// <param name="holdOut">Images (relative to <paramref name="highResolutionFolder"/>) left out of the set (<see cref="HoldOutSet"/>); null for none.</param>
    /// <param name="downscaledCopies">Factors in (0, 1): each image also enters shrunk by each (<see cref="DownscaledCopies"/>); null for none.
    /// Needs bicubic LR (<paramref name="lowResolutionFolder"/> null): paired LR images exist only for the originals.</param>
    /// <exception cref="InvalidImageException">No image is usable at some scale, or a paired LR image is missing or the wrong size.</exception>
    /// <exception cref="ArgumentException">A downscale factor is out of range or repeated, or copies are asked for with paired LR images.</exception>
    public static TrainingSet Load(string highResolutionFolder, IReadOnlyList<int> scales, int lowResolutionPatch,
        string? lowResolutionFolder = null, string? cacheFolder = null, Action<string>? log = null, IReadOnlyList<string>? holdOut = null,
        IReadOnlyList<double>? downscaledCopies = null)
    {
        downscaledCopies ??= [];
        DownscaledCopies.Check(downscaledCopies, lowResolutionFolder);
        var watch = Stopwatch.StartNew();
        var files = holdOut is { Count: > 0 }
            ? HoldOutSet.TrainingFiles(highResolutionFolder, holdOut)
            : ImageFolder.List(highResolutionFolder, recursive: true);
        var images = new ByteImage[files.Count];
        ParallelLoop.For(files.Count, i => images[i] = ImageFile.Read(files[i]).ToRgb());
        var sources = DownscaledCopies.Expand(files, images, downscaledCopies);
        var pairs = new Dictionary<int, IReadOnlyList<TrainingPair>>();
        var skipped = new List<string>();
        foreach (int scale in scales)
        {
            var atScale = new TrainingPair?[sources.Count];
            ParallelLoop.For(sources.Count, i =>
            {
                var source = sources[i];
                var hr = ModCrop.Apply(source.Image, scale, source.File);
                var lr = lowResolutionFolder is null
                    ? CachedBicubic(source, hr, scale, cacheFolder)
                    : PairedLowResolution(source.File, hr, scale, lowResolutionFolder);
                if (lr.Width >= lowResolutionPatch && lr.Height >= lowResolutionPatch)
                    atScale[i] = new TrainingPair(source.Name, hr, lr, scale);
            });
            for (int i = 0; i < sources.Count; i++)
                if (atScale[i] is null)
                    skipped.Add($"{sources[i].Name} (x{scale}: LR {sources[i].Image.Width / scale}x{sources[i].Image.Height / scale} < {lowResolutionPatch})");
            var usable = atScale.OfType<TrainingPair>().ToList();
            if (usable.Count == 0)
                throw new InvalidImageException(highResolutionFolder,
                    $"no image is large enough for {lowResolutionPatch}x{lowResolutionPatch} LR patches at x{scale}");
            pairs[scale] = usable;
        }
        log?.Invoke($"training set {highResolutionFolder}: {files.Count} images{(holdOut is { Count: > 0 } ? $" ({holdOut.Count} held out for validation)" : "")}" +
            (downscaledCopies.Count > 0 ? $" and their copies shrunk by {DownscaledCopies.Describe(downscaledCopies)}" : "") + ", " +
            string.Join(", ", scales.Select(s => $"x{s}: {pairs[s].Count} usable")) +
            $", {skipped.Count} skipped (LR smaller than the {lowResolutionPatch}px patch), LR {(lowResolutionFolder is null ? "MATLAB bicubic" : "from " + lowResolutionFolder)}, {watch.Elapsed.TotalSeconds:F1} s");
        return new TrainingSet(pairs, skipped);
    }

    private static ByteImage CachedBicubic(DownscaledCopies.Source source, ByteImage hr, int scale, string? cacheFolder)
    {
        if (cacheFolder is null) return MatlabBicubic.Downscale(hr, scale);
        string path = Path.Combine(cacheFolder, $"x{scale}",
            $"{Path.GetFileNameWithoutExtension(source.File)}{DownscaledCopies.Suffix(source.Factor)}-{CacheKey(source.File)}.png");
        if (File.Exists(path))
        {
            try
            {
                var cached = ImageFile.Read(path).ToRgb();
                if (cached.Width * scale == hr.Width && cached.Height * scale == hr.Height) return cached;
            }
            catch (InvalidImageException) { /* a damaged cache entry is recomputed below */ }
        }
        var lr = MatlabBicubic.Downscale(hr, scale);
        ImageFile.WritePng(lr, path);
        return lr;
    }

    // Changes to the HR file (content, hence size or time) give a new cache entry.
    private static string CacheKey(string file)
    {
        var info = new FileInfo(file);
        var bytes = Encoding.UTF8.GetBytes($"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}");
        return Convert.ToHexString(SHA256.HashData(bytes))[..12].ToLowerInvariant();
    }

    private static ByteImage PairedLowResolution(string hrFile, ByteImage hr, int scale, string lowResolutionFolder)
    {
        string stem = Path.GetFileNameWithoutExtension(hrFile);
        var candidates = new[] { Path.Combine(lowResolutionFolder, $"X{scale}"), lowResolutionFolder }
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder))
            .Where(f => ImageFile.HasImageExtension(f))
            .Where(f => Path.GetFileNameWithoutExtension(f) is var name && (name == stem || name == $"{stem}x{scale}"))
            .ToList();
        if (candidates.Count == 0)
            throw new InvalidImageException(hrFile, $"no LR image for it in {lowResolutionFolder} (looked for {stem}.png or {stem}x{scale}.png, also under X{scale}/)");
        string lrFile = candidates[0];
        var lr = ImageFile.Read(lrFile).ToRgb();
        if (lr.Width * scale != hr.Width || lr.Height * scale != hr.Height)
            throw new InvalidImageException(lrFile,
                $"LR image is {lr.Width}x{lr.Height}, but the x{scale} LR of {Path.GetFileName(hrFile)} (mod-cropped to {hr.Width}x{hr.Height}) must be {hr.Width / scale}x{hr.Height / scale}");
        return lr;
    }
}
