using System.Runtime.InteropServices;

namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// The temporary files a large analysis spills to (findings, E4's compared rows), and how texts are written to them:
/// as their UTF-16 code units, not re-encoded, so a text holding half a surrogate pair (a cell cut mid-character)
/// reads back exactly as it was and compares the same after a spill.
/// </summary>
public static class SpillFile
{
    /// <summary>A temporary file that nothing outlives: on Unix its name is removed at once (the open handle keeps
    /// the data), so not even a killed process leaves it behind; elsewhere it is deleted when closed.</summary>
    public static FileStream Create(string directory, string prefix, int bufferBytes)
    {
        var path = Path.Combine(directory, $"{prefix}-{Guid.NewGuid():N}.bin");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete,
            bufferBytes, OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None);
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path);
        }

        return file;
    }

    /// <summary>Writes the text's length and its UTF-16 code units.</summary>
    public static void WriteText(BinaryWriter writer, string text)
    {
        writer.Write(text.Length);
        writer.Write(MemoryMarshal.AsBytes(text.AsSpan()));
    }

    /// <summary>Reads a text written by <see cref="WriteText"/>.</summary>
    /// <exception cref="EndOfStreamException">The file ends inside the text.</exception>
    public static string ReadText(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        return string.Create(length, reader, static (chars, r) =>
        {
            var bytes = MemoryMarshal.AsBytes(chars);
            while (bytes.Length > 0)
            {
                var read = r.Read(bytes);
                if (read == 0)
                {
                    throw new EndOfStreamException("a text ends early in a temporary file of the analysis");
                }

                bytes = bytes[read..];
            }
        });
    }

    /// <summary>Writes whether <paramref name="value"/> is there, then the value.</summary>
    public static void WriteNullable(BinaryWriter writer, double? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(value is not null);
        if (value is { } v)
        {
            writer.Write(v);
        }
    }

    /// <summary>Reads a value written by <see cref="WriteNullable"/>.</summary>
    public static double? ReadNullableDouble(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.ReadBoolean() ? reader.ReadDouble() : null;
    }

    /// <summary>Fills <paramref name="buffer"/> from the file at <paramref name="offset"/> (positional: safe from
    /// any number of threads).</summary>
    /// <exception cref="EndOfStreamException">The file ends first.</exception>
    public static void ReadAt(Microsoft.Win32.SafeHandles.SafeFileHandle file, Span<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            var read = RandomAccess.Read(file, buffer, offset);
            if (read == 0)
            {
                throw new EndOfStreamException("a record ends early in a temporary file of the analysis");
            }

            buffer = buffer[read..];
            offset += read;
        }
    }
}
