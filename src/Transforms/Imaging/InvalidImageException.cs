namespace MlNetSr.Imaging;

/// <summary>
/// An image that cannot be used as asked: unreadable, corrupt, empty, or of a kind a policy refuses.
/// The message always names the file (when there is one) and the problem.
/// </summary>
public sealed class InvalidImageException : Exception
{
    public string? FilePath { get; }

    public InvalidImageException(string? filePath, string problem, Exception? inner = null)
        : base(filePath is null ? problem : $"{filePath}: {problem}", inner)
    {
        FilePath = filePath;
    }
}
