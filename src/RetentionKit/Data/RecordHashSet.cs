namespace RetentionKit.Data;

/// <summary>
/// Open-addressing set of 128-bit record hashes remembering the line each was first seen on.
/// One flat array of entries so a probe touches one cache line: on multi-million-row files the
/// table is far bigger than the cache and each probe is a memory miss, so separate arrays for
/// the hash halves and the line tripled the cost (and Dictionary&lt;UInt128, long&gt; was ~4× slower still).
/// </summary>
internal sealed class RecordHashSet
{
    private struct Entry
    {
        public ulong Lo;
        public uint Hi;   // 96 bits of the hash: a false match among 10^8 rows has odds near 10^-13
        public uint Line; // 0 = empty (lines are 1-based); 16-byte entries keep the table small
    }

    private Entry[] _entries;
    private int _count;

    public RecordHashSet(int expected = 1 << 15)
    {
        int size = 1 << 16;
        while (size < expected * 2L && size < 1 << 30) size <<= 1;
        _entries = new Entry[size];
    }

    /// <summary>Adds the hash; returns 0 when new, else the line it was first seen on.</summary>
    public long AddOrGetFirstLine(UInt128 hash, long line)
    {
        ulong lo = (ulong)hash;
        uint hi = (uint)(hash >> 64);
        var entries = _entries;
        int mask = entries.Length - 1;
        int i = (int)lo & mask;
        while (entries[i].Line != 0)
        {
            if (entries[i].Lo == lo && entries[i].Hi == hi) return entries[i].Line;
            i = (i + 1) & mask;
        }
        entries[i] = new Entry { Lo = lo, Hi = hi, Line = (uint)Math.Min(line, uint.MaxValue) };
        if (++_count * 2 > entries.Length) Grow();
        return 0;
    }

    private void Grow()
    {
        var old = _entries;
        var entries = new Entry[old.Length * 2];
        int mask = entries.Length - 1;
        foreach (var e in old)
        {
            if (e.Line == 0) continue;
            int i = (int)e.Lo & mask;
            while (entries[i].Line != 0) i = (i + 1) & mask;
            entries[i] = e;
        }
        _entries = entries;
    }
}

/// <summary>
/// Counts exact duplicates when rows are kept. The hashes are dealt into 256 buckets as they come (a sequential write a
/// row) and each bucket is sorted at the end, the buckets on every core; equal neighbours are duplicates. A hash set
/// probed a row at a time misses the cache on every probe of a large file and needed a thread of its own, which on two
/// cores took time from the parse. The same 96 bits of each hash as <see cref="RecordHashSet"/> are compared.
/// </summary>
internal sealed class DuplicateCounter
{
    private const int Buckets = 256;
    private readonly UInt128[][] _buckets = new UInt128[Buckets][];
    private readonly int[] _counts = new int[Buckets];
    private static readonly UInt128 Kept = (UInt128.One << 96) - 1;

    public DuplicateCounter(int expectedRows)
    {
        int size = (int)Math.Clamp(expectedRows / (long)Buckets * 9 / 8, 64, 1 << 24);
        for (int b = 0; b < Buckets; b++) _buckets[b] = new UInt128[size];
    }

    public void Add(UInt128 hash)
    {
        hash &= Kept;
        int b = (int)(byte)(hash >> 64);
        var bucket = _buckets[b];
        int n = _counts[b];
        if (n == bucket.Length) Array.Resize(ref _buckets[b], bucket.Length * 2);
        _buckets[b][n] = hash;
        _counts[b] = n + 1;
    }

    /// <summary>How many added hashes had been added before (rows minus distinct rows).</summary>
    public long Count()
    {
        long duplicates = 0;
        Parallel.For(0, Buckets, () => 0L, (b, _, sum) =>
        {
            var span = _buckets[b].AsSpan(0, _counts[b]);
            span.Sort();
            for (int i = 1; i < span.Length; i++)
                if (span[i] == span[i - 1]) sum++;
            return sum;
        }, sum => Interlocked.Add(ref duplicates, sum));
        return duplicates;
    }
}
