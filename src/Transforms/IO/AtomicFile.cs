namespace MlNetSr.IO;

/// <summary>
/// Writes a file completely or not at all: the content goes to a temporary file beside the target, which is
/// then renamed over it. A crash or an exception never leaves a half-written output or checkpoint.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="writeContent"/> into a temporary file beside it, then renames it into place (folders are created).</summary>
    public static void Write(string path, Action<Stream> writeContent)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                writeContent(new FileErrors(file));
                FileErrors.Run(() => file.Flush(flushToDisk: true));
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            // A full disk or a file size limit: name the file the caller asked for, not the temporary one.
            throw new IOException($"{full}: cannot be written ({e.Message}); nothing was left behind", e);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    // .NET reports a write over the file size limit (EFBIG: ulimit -f, a file system's maximum) as an
    // ArgumentOutOfRangeException; this stream makes every failure of the file itself an IOException, so callers
    // tell a disk problem from bad content without catching argument errors of their own code.
    private sealed class FileErrors(FileStream file) : Stream
    {
        public static void Run(Action write)
        {
            try { write(); }
            catch (ArgumentOutOfRangeException e) { throw new IOException(e.Message, e); }
        }

        public override bool CanRead => false;
        public override bool CanSeek => true;
        public override bool CanWrite => true;
        public override long Length => file.Length;
        public override long Position { get => file.Position; set => file.Position = value; }
        public override void Write(byte[] buffer, int offset, int count) => Run(() => file.Write(buffer, offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            try { file.Write(buffer); }
            catch (ArgumentOutOfRangeException e) { throw new IOException(e.Message, e); }
        }
        public override void Flush() => Run(file.Flush);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);
        public override void SetLength(long value) => Run(() => file.SetLength(value));
    }

    /// <summary>Writes <paramref name="contents"/> as UTF-8 text, atomically.</summary>
    public static void WriteAllText(string path, string contents) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(contents);
        });
}
