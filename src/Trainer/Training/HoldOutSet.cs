using MlNetSr.Evaluation;

namespace MlNetSr.Trainer.Training;

/// <summary>
/// Training images kept out of the patch sampler and scored instead of a benchmark set, so that checkpoints and
/// learning-rate decisions are made on images the run never learns from and Set5/Set14/B100 stay reported results.
/// Names are paths relative to the training folder (e.g. <c>BSD200/100075.png</c>), one per line in a list file;
/// blank lines and lines starting with <c>#</c> are ignored.
/// </summary>
public static class HoldOutSet
{
    /// <summary>The set's name in logs and validation results.</summary>
    public const string Name = "held-out";

    /// <summary>Reads a list file of relative image paths.</summary>
    /// <exception cref="FileNotFoundException">The list file does not exist.</exception>
    /// <exception cref="InvalidDataException">The list names no image, or names one twice.</exception>
    public static IReadOnlyList<string> ReadList(string listFile)
    {
        if (!File.Exists(listFile)) throw new FileNotFoundException($"{listFile}: hold-out list not found", listFile);
        var names = File.ReadAllLines(listFile)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();
        if (names.Count == 0) throw new InvalidDataException($"{listFile}: the hold-out list names no image");
        var twice = names.GroupBy(Normalise, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidDataException($"{listFile}: {twice.Key} is listed twice");
        return names;
    }

    /// <summary>The full paths of <paramref name="names"/> under <paramref name="trainingFolder"/>, each checked to exist.</summary>
    /// <exception cref="FileNotFoundException">A named image is not in the training folder.</exception>
    public static IReadOnlyList<string> Resolve(string trainingFolder, IReadOnlyList<string> names) =>
        names.Select(name =>
        {
            string path = Path.GetFullPath(Path.Combine(trainingFolder, name));
            if (!File.Exists(path)) throw new FileNotFoundException($"{name}: held-out image not found in the training folder {trainingFolder}", path);
            return path;
        }).ToList();

    /// <summary>The training folder's images less the held-out ones (full paths), in <see cref="ImageFolder"/> order.</summary>
    public static IReadOnlyList<string> TrainingFiles(string trainingFolder, IReadOnlyList<string> names)
    {
        var held = Resolve(trainingFolder, names).ToHashSet(StringComparer.Ordinal);
        return ImageFolder.List(trainingFolder, recursive: true).Where(f => !held.Contains(Path.GetFullPath(f))).ToList();
    }

    private static string Normalise(string name) => name.Replace('\\', '/');
}
