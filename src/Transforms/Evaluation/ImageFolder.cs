using MlNetSr.Imaging;

namespace MlNetSr.Evaluation;

/// <summary>The image files of a folder (PNG, BMP, JPEG by extension), in ordinal name order; other files are ignored.</summary>
public static class ImageFolder
{
    public static IReadOnlyList<string> List(string folder)
    {
        if (File.Exists(folder))
            throw new DirectoryNotFoundException($"{folder}: is a file, a folder of images was expected");
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{folder}: folder not found");
        var files = Directory.EnumerateFiles(folder)
            .Where(ImageFile.HasImageExtension)
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
            throw new InvalidImageException(folder, $"no images found (looked for {string.Join(", ", ImageFile.SupportedExtensions)})");
        return files;
    }

    /// <summary>The set's name as reports show it: the folder's own name.</summary>
    public static string SetName(string folder) =>
        Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
}
