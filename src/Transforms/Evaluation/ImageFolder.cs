using MlNetSr.Imaging;

namespace MlNetSr.Evaluation;

/// <summary>The image files of a folder (PNG, BMP, JPEG by extension), in ordinal path order; other files are ignored.</summary>
public static class ImageFolder
{
    /// <param name="folder">the folder to list</param>
    /// <param name="recursive">also list sub-folders (a training root such as T91/ + BSD200/)</param>
    public static IReadOnlyList<string> List(string folder, bool recursive = false)
    {
        if (File.Exists(folder))
            throw new DirectoryNotFoundException($"{folder}: is a file, a folder of images was expected");
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{folder}: folder not found");
        var files = Directory.EnumerateFiles(folder, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(ImageFile.HasImageExtension)
            .OrderBy(f => Path.GetRelativePath(folder, f), StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
            throw new InvalidImageException(folder, $"no images found (looked for {string.Join(", ", ImageFile.SupportedExtensions)})");
        return files;
    }

    /// <summary>The set's name as reports show it: the folder's own name.</summary>
    public static string SetName(string folder) =>
        Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
}
