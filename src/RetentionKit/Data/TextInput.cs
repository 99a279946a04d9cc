using System.IO.Compression;
using System.Text;

namespace RetentionKit.Data;

/// <summary>
/// Opens a source as text: gzip is recognised by its magic bytes (not the file name), the encoding by
/// its byte-order mark (UTF-8 otherwise), and the first characters are read ahead so the delimiter can
/// be sniffed and binary files refused before any row is parsed.
/// </summary>
internal static class TextInput
{
    internal const int HeadChars = 1 << 16;

    /// <summary>
    /// Opens the text; <c>EstimatedRows</c> sizes the column buffers up front (0 when unknown), <c>Encoding</c> says
    /// which encoding was used and why, <c>Large</c> whether there is more than the head (worth a second thread).
    /// </summary>
    internal static (TextReader Reader, string Head, int EstimatedRows, string Encoding, bool Large) Open(Stream raw, string source, Encoding? encoding = null)
    {
        var buffered = raw.CanSeek ? raw : new BufferedStream(raw, 1 << 16);
        Stream stream = buffered;
        Span<byte> magic = stackalloc byte[2];
        int got = ReadFully(buffered, magic);
        if (got == 0) throw TransactionLoadException.Empty(source);
        if (buffered.CanSeek) buffered.Seek(-got, SeekOrigin.Current);
        else stream = new PrefixStream(magic[..got].ToArray(), buffered);
        bool gzip = got == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        long textBytes = !buffered.CanSeek ? 0 : gzip ? GzipDeclaredSize(buffered) : buffered.Length - buffered.Position;
        if (gzip)
            stream = new CheckedGzipStream(new GZipStream(stream, CompressionMode.Decompress), source, buffered.CanSeek ? textBytes : -1);
        var headBytes = new byte[1 << 16];
        int hb = ReadFully(stream, headBytes);
        stream = new PrefixStream(headBytes[..hb], stream);
        var (chosen, why) = ChooseEncoding(headBytes.AsSpan(0, hb), encoding, source, gzip);
        var reader = new StreamReader(stream, chosen, detectEncodingFromByteOrderMarks: encoding is null, bufferSize: 1 << 16);
        var head = new char[HeadChars];
        int n = 0, r;
        try
        {
            while (n < head.Length && (r = reader.Read(head, n, head.Length - n)) > 0) n += r;
        }
        catch (InvalidDataException e)
        {
            throw new TransactionLoadException(source, $"the file starts like gzip but cannot be decompressed ({e.Message}).");
        }
        catch (DecoderFallbackException e) { throw NotUtf8(source, e); }
        int nul = Array.IndexOf(head, '\0', 0, n);
        if (nul >= 0) throw new TransactionLoadException(source, $"the text has a NUL character (character {nul:N0}, decoded as {chosen.WebName}); expected CSV text. If the encoding is wrong, give --encoding.");
        var headText = new string(head, 0, n);
        if (headText.AsSpan().Trim().IsEmpty) throw TransactionLoadException.Empty(source);
        int lines = headText.AsSpan().Count('\n');
        double bytesPerLine = lines > 1 ? Encoding.UTF8.GetByteCount(headText) / (double)lines : 0;
        int estimate = bytesPerLine > 0 ? (int)Math.Min(textBytes / bytesPerLine * 1.05, 1 << 28) : 0;
        // An invalid byte decodes to U+FFFD under UTF-8 (a strict decoder would say so itself, but runs at half the
        // speed); finding one stops the load, so no customer name is silently mangled.
        bool utf8 = chosen is UTF8Encoding;
        if (utf8 && headText.Contains('\uFFFD')) throw NotUtf8(source, null);
        return (new PrefixedTextReader(headText, reader, source, utf8), headText, estimate, why, n == head.Length);
    }

    /// <summary>
    /// The encoding: the one given; else a byte-order mark's; else UTF-8 when the first 64 KB are valid UTF-8 (a bad
    /// byte later becomes U+FFFD, which stops the load: see PrefixedTextReader); else Windows-1252, the "CSV" of Western European
    /// Excel, so that Müller, Möller and Mäller stay three customers. Binary files are named by what they most likely are.
    /// </summary>
    private static (Encoding Encoding, string Why) ChooseEncoding(ReadOnlySpan<byte> head, Encoding? given, string source, bool gzip)
    {
        if (given is not null) return (given, $"{given.WebName} (given)");
        if (head.StartsWith((byte[])[0xEF, 0xBB, 0xBF])) return (new UTF8Encoding(false, false), "utf-8 (byte-order mark)");
        if (head.StartsWith((byte[])[0xFF, 0xFE])) return (Encoding.Unicode, "utf-16 little-endian (byte-order mark)");
        if (head.StartsWith((byte[])[0xFE, 0xFF])) return (Encoding.BigEndianUnicode, "utf-16 big-endian (byte-order mark)");
        int nul = head.IndexOf((byte)0);
        if (nul >= 0)
        {
            int sample = Math.Min(head.Length, 4096), evenZeros = 0, oddZeros = 0;
            for (int i = 0; i < sample; i++) if (head[i] == 0) { if (i % 2 == 0) evenZeros++; else oddZeros++; }
            string where = gzip ? "decompressed byte" : "byte";
            if (oddZeros > sample / 4 && evenZeros < sample / 50)
                throw new TransactionLoadException(source, $"the file looks like UTF-16 little-endian text without a byte-order mark (every other byte is 0, from {where} {nul:N0}): load it with --encoding utf-16, or save it as UTF-8.");
            if (evenZeros > sample / 4 && oddZeros < sample / 50)
                throw new TransactionLoadException(source, $"the file looks like UTF-16 big-endian text without a byte-order mark (every other byte is 0, from {where} {nul:N0}): load it with --encoding utf-16BE, or save it as UTF-8.");
            throw TransactionLoadException.NotText(source, nul, gzip);
        }
        // A multi-byte character may be cut at the end of the sample: leave its last bytes out of the check.
        var check = head.Length == 1 << 16 ? head[..^4] : head;
        var status = System.Text.Unicode.Utf8.ToUtf16(check, new char[check.Length], out int consumed, out _, replaceInvalidSequences: false);
        if (status == System.Buffers.OperationStatus.Done || (status == System.Buffers.OperationStatus.NeedMoreData && consumed >= check.Length - 3))
            return (new UTF8Encoding(false, false), "utf-8 (valid UTF-8, no byte-order mark)");
        byte bad = check[consumed];
        var cp1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        return (cp1252, $"windows-1252: byte 0x{bad:X2} at {(gzip ? "decompressed " : "")}byte {consumed:N0} is not valid UTF-8, and Windows-1252 (Western European Excel's CSV) reads it as '{cp1252.GetString([bad])}'; give --encoding if that is wrong");
    }

    internal static TransactionLoadException NotUtf8(string source, DecoderFallbackException? e) =>
        new(source, $"the file is not valid UTF-8 further in ({(e?.BytesUnknown is { Length: > 0 } b ? $"byte 0x{b[0]:X2}" : "a byte that decodes to the replacement character U+FFFD")}, after its first 64 KB were): load it with --encoding and the encoding it was saved in, e.g. windows-1252 or iso-8859-1.");

    /// <summary>The uncompressed size from a single-member gzip trailer (mod 4 GiB, so only a hint).</summary>
    private static long GzipDeclaredSize(Stream s)
    {
        long start = s.Position;
        if (s.Length - start < 18) return 0;
        Span<byte> trailer = stackalloc byte[4];
        s.Seek(-4, SeekOrigin.End);
        int got = ReadFully(s, trailer);
        s.Seek(start, SeekOrigin.Begin);
        return got == 4 ? BitConverter.ToUInt32(trailer) : 0;
    }

    private static int ReadFully(Stream s, Span<byte> buffer)
    {
        int n = 0, r;
        while (n < buffer.Length && (r = s.Read(buffer[n..])) > 0) n += r;
        return n;
    }

    internal sealed class PrefixStream(byte[] prefix, Stream rest) : Stream
    {
        private int _pos;
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            if (_pos < prefix.Length)
            {
                int n = Math.Min(buffer.Length, prefix.Length - _pos);
                prefix.AsSpan(_pos, n).CopyTo(buffer);
                _pos += n;
                return n;
            }
            return rest.Read(buffer);
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { if (disposing) rest.Dispose(); base.Dispose(disposing); }
    }

    /// <summary>
    /// The decompressed gzip data, checked: damaged data becomes a load error naming the file and where it broke, and
    /// a stream that ends before its trailer's size (a download cut off) is an error, not a quietly shorter file.
    /// The trailer holds the size mod 4 GiB of the last member only, so the check is skipped for concatenated gzip.
    /// </summary>
    private sealed class CheckedGzipStream(GZipStream inner, string source, long declaredSize) : Stream
    {
        private long _read;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n;
            try { n = inner.Read(buffer); }
            catch (InvalidDataException e)
            {
                throw new TransactionLoadException(source, $"the gzip data is damaged after {_read:N0} decompressed bytes ({e.Message}); the file is corrupt, so nothing after that point can be read. Download or export it again.");
            }
            if (n == 0 && buffer.Length > 0 && declaredSize >= 0 && (_read & 0xFFFFFFFFL) != declaredSize)
                throw new TransactionLoadException(source, $"the gzip file ends early: {_read:N0} bytes came out, but its last four bytes do not hold that size (they say {declaredSize:N0}), so it was cut off (an interrupted download?). Nothing was loaded; fetch the whole file again.");
            _read += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
    }

    /// <summary>Replays the sniffed head, then continues with the rest of the stream.</summary>
    private sealed class PrefixedTextReader(string head, TextReader rest, string source, bool checkUtf8) : TextReader
    {
        private int _pos;
        public override int Peek()
        {
            if (_pos < head.Length) return head[_pos];
            try { return rest.Peek(); }
            catch (DecoderFallbackException e) { throw NotUtf8(source, e); }
        }
        public override int Read()
        {
            if (_pos < head.Length) return head[_pos++];
            int c;
            try { c = rest.Read(); }
            catch (DecoderFallbackException e) { throw NotUtf8(source, e); }
            if (checkUtf8 && c == '\uFFFD') throw NotUtf8(source, null);
            return c;
        }
        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));
        public override int Read(Span<char> buffer)
        {
            if (_pos < head.Length)
            {
                int n = Math.Min(buffer.Length, head.Length - _pos);
                head.AsSpan(_pos, n).CopyTo(buffer);
                _pos += n;
                return n;
            }
            int got;
            try { got = rest.Read(buffer); }
            catch (DecoderFallbackException e) { throw NotUtf8(source, e); }
            if (checkUtf8 && buffer[..got].Contains('\uFFFD')) throw NotUtf8(source, null);
            return got;
        }
        protected override void Dispose(bool disposing) { if (disposing) rest.Dispose(); base.Dispose(disposing); }
    }
}

/// <summary>Guesses the delimiter from the first lines: the candidate found the same number of times (outside quotes) on the header and most data lines.</summary>
internal static class DelimiterSniffer
{
    internal const char Whitespace = ' ';
    private static readonly char[] Candidates = [',', ';', '\t', '|'];

    internal static char Sniff(string head)
    {
        var lines = head.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).Take(50).ToList();
        if (head.Length == TextInput.HeadChars && lines.Count > 1) lines.RemoveAt(lines.Count - 1); // may be cut short
        if (lines.Count == 0) return ',';
        char best = '\0';
        double bestScore = 0;
        foreach (char c in Candidates)
        {
            int headerCount = CountOutsideQuotes(lines[0], c);
            if (headerCount == 0) continue;
            int agree = lines.Skip(1).Count(l => CountOutsideQuotes(l, c) == headerCount);
            double consistency = lines.Count == 1 ? 1 : agree / (double)(lines.Count - 1);
            double score = consistency * 1000 + headerCount;
            if (score > bestScore) { bestScore = score; best = c; }
        }
        if (best != '\0') return best;
        return lines[0].Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length > 1 ? Whitespace : ',';
    }

    private static int CountOutsideQuotes(string line, char c)
    {
        int n = 0;
        bool quoted = false;
        foreach (char ch in line)
        {
            if (ch == '"') quoted = !quoted;
            else if (ch == c && !quoted) n++;
        }
        return n;
    }
}
