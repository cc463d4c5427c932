// MSBuild inline task (RoslynCodeTaskFactory) used by TorchSharpLoaderFix.targets; see that file for the why.
// It marks the GLIBCXX_3.4.32 version requirement of libLibTorchSharp.so as weak, by parsing the ELF64
// section headers and walking the SHT_GNU_verneed chains (no blind byte search in the library).
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class PatchGlibcxxVersionWeak : Task
{
    private const string LibraryName = "libLibTorchSharp.so";
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    private static readonly string[] SystemLibstdcxx =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
    };

    [Required]
    public string Directory { get; set; } = "";

    public override bool Execute()
    {
        if (!System.IO.Directory.Exists(Directory)) return true;
        var candidates = new System.Collections.Generic.List<string>();
        string flat = Path.Combine(Directory, LibraryName);
        if (File.Exists(flat)) candidates.Add(flat);
        string runtimes = Path.Combine(Directory, "runtimes");
        if (System.IO.Directory.Exists(runtimes))
            candidates.AddRange(System.IO.Directory.GetFiles(runtimes, LibraryName, SearchOption.AllDirectories));
        if (candidates.Count == 0) return true;
        if (SystemProvidesVersion()) return true;

        foreach (string path in candidates)
        {
            try
            {
                PatchOne(path);
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
            {
                Log.LogWarning($"TorchSharp loader fix: could not patch {path}: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }

    // The system library is searched for the version string: if present, the unpatched file already loads.
    private static bool SystemProvidesVersion()
    {
        byte[] needle = Encoding.ASCII.GetBytes(MissingVersion + "\0");
        foreach (string lib in SystemLibstdcxx)
        {
            if (!File.Exists(lib)) continue;
            byte[] bytes = File.ReadAllBytes(lib);
            if (IndexOf(bytes, needle) >= 0) return true;
            return false; // the first existing one is what the loader uses
        }
        return false;
    }

    private void PatchOne(string path)
    {
        byte[] elf = File.ReadAllBytes(path);
        long flagsOffset = FindVernauxFlagsOffset(elf, MissingVersion);
        if (flagsOffset < 0) return; // this build of the library does not need the version
        ushort flags = BitConverter.ToUInt16(elf, (int)flagsOffset);
        if ((flags & VerFlagWeak) != 0) return; // already weak: leave the file (and its timestamp) alone

        flags |= VerFlagWeak;
        elf[flagsOffset] = (byte)(flags & 0xff);
        elf[flagsOffset + 1] = (byte)(flags >> 8);

        // A fresh file renamed over the old one: the old inode (maybe a hard link into the NuGet cache) is never written.
        DateTime originalTime = File.GetLastWriteTimeUtc(path);
        string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, elf);
            File.SetLastWriteTimeUtc(temporary, originalTime);
            File.Replace(temporary, path, null); // rename(2) over the old name: a new inode
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        Log.LogMessage(MessageImportance.High,
            $"TorchSharp loader fix: marked {MissingVersion} weak in {path} (system libstdc++ lacks it)");
    }

    /// <summary>File offset of vna_flags of the Vernaux entry named <paramref name="version"/>, or -1.</summary>
    private static long FindVernauxFlagsOffset(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("not a little-endian ELF64 file");

        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        if (shoff <= 0 || shentsize < 64 || shoff + (long)shentsize * shnum > elf.Length)
            throw new InvalidDataException("section header table out of range");

        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            uint type = BitConverter.ToUInt32(elf, (int)sh + 4);
            if (type != ShtGnuVerneed) continue;
            long offset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
            long size = (long)BitConverter.ToUInt64(elf, (int)sh + 0x20);
            uint link = BitConverter.ToUInt32(elf, (int)sh + 0x28);
            uint count = BitConverter.ToUInt32(elf, (int)sh + 0x2C);
            if (link >= shnum || offset + size > elf.Length) throw new InvalidDataException("bad .gnu.version_r header");
            long strtab = shoff + (long)link * shentsize;
            long strOffset = (long)BitConverter.ToUInt64(elf, (int)strtab + 0x18);
            long strSize = (long)BitConverter.ToUInt64(elf, (int)strtab + 0x20);

            long need = offset;
            for (uint n = 0; n < count; n++)
            {
                if (need < offset || need + 16 > offset + size) throw new InvalidDataException("Verneed chain out of range");
                ushort auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                uint auxFirst = BitConverter.ToUInt32(elf, (int)need + 8);
                uint needNext = BitConverter.ToUInt32(elf, (int)need + 12);
                long aux = need + auxFirst;
                for (int a = 0; a < auxCount; a++)
                {
                    if (aux < offset || aux + 16 > offset + size) throw new InvalidDataException("Vernaux chain out of range");
                    uint nameIndex = BitConverter.ToUInt32(elf, (int)aux + 8);
                    if (ReadString(elf, strOffset, strSize, nameIndex) == version) return aux + 4;
                    uint auxNext = BitConverter.ToUInt32(elf, (int)aux + 12);
                    if (auxNext == 0) break;
                    aux += auxNext;
                }
                if (needNext == 0) break;
                need += needNext;
            }
        }
        return -1;
    }

    private static string ReadString(byte[] elf, long tableOffset, long tableSize, uint index)
    {
        if (index >= tableSize) throw new InvalidDataException("string index out of range");
        long start = tableOffset + index;
        long end = start;
        while (end < tableOffset + tableSize && elf[end] != 0) end++;
        return Encoding.ASCII.GetString(elf, (int)start, (int)(end - start));
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }
}
