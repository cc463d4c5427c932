namespace MlNetSr.Imaging;

/// <summary>
/// An image that cannot be used as asked: unreadable, corrupt, empty, or of a kind a policy refuses.
/// The message always names the file (when there is one) and the problem.
/// </summary>
public sealed class InvalidImageException : Exception
{
    /// <summary>The file that could not be used, when there is one.</summary>
    public string? FilePath { get; }

    /// <summary>An error naming <paramref name="filePath"/> (when given) and <paramref name="problem"/>.</summary>
    public InvalidImageException(string? filePath, string problem, Exception? inner = null)
        : base(filePath is null ? problem : $"{filePath}: {problem}", inner)
    {
        FilePath = filePath;
    }
}
