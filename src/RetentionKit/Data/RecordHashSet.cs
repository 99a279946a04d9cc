using System.Numerics;

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
/// row) and each bucket is counted at the end through a small table of its own, the buckets on every core. A hash set
/// probed a row at a time misses the cache on every probe of a large file and needed a thread of its own, which on two
/// cores took time from the parse. The same 96 bits of each hash as <see cref="RecordHashSet"/> are compared.
/// </summary>
internal sealed class DuplicateCounter
{
    private const int Buckets = 256;
    // A bucket per 8 bits of the hash's high half; in it the low 64 bits and the next 24 high bits beside them.
    private readonly ulong[][] _low = new ulong[Buckets][];
    private readonly uint[][] _high = new uint[Buckets][];
    private readonly int[] _counts = new int[Buckets];

    public DuplicateCounter(int expectedRows)
    {
        int size = (int)Math.Clamp(expectedRows / (long)Buckets * 9 / 8, 64, 1 << 24);
        for (int b = 0; b < Buckets; b++) { _low[b] = new ulong[size]; _high[b] = new uint[size]; }
    }

    public void Add(UInt128 hash)
    {
        uint hi = (uint)(hash >> 64);
        int b = (int)(hi & 0xFF);
        int n = _counts[b];
        if (n == _low[b].Length) { Array.Resize(ref _low[b], n * 2); Array.Resize(ref _high[b], n * 2); }
        _low[b][n] = (ulong)hash;
        _high[b][n] = hi >> 8;
        _counts[b] = n + 1;
    }

    /// <summary>How many added hashes had been added before (rows minus distinct rows).</summary>
    // Once a file, over every line: compiled optimized from the start (see TransactionLoader.Run.Execute).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public long Count()
    {
        long duplicates = 0;
        Parallel.For(0, Buckets, () => (Low: Array.Empty<ulong>(), High: Array.Empty<uint>(), Sum: 0L), [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] (b, _, state) =>
        {
            // Each bucket through a table of its own, small enough to stay in the core's cache (a 10-million-line file's
            // bucket is 40,000 rows): a probe per row, where sorting the bucket took about fifteen compares.
            int n = _counts[b];
            int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, n * 2));
            if (state.Low.Length < size) state = (new ulong[size], new uint[size], state.Sum);
            else { Array.Clear(state.Low, 0, size); Array.Clear(state.High, 0, size); }
            var (tableLow, tableHigh) = (state.Low, state.High);
            int mask = size - 1;
            var low = _low[b]; var high = _high[b];
            long sum = state.Sum;
            for (int r = 0; r < n; r++)
            {
                ulong key = low[r];
                uint tag = high[r] + 1; // 24 bits, so + 1 never wraps: 0 marks an empty slot
                int i = (int)key & mask;
                while (true)
                {
                    uint t = tableHigh[i];
                    if (t == 0) { tableLow[i] = key; tableHigh[i] = tag; break; }
                    if (t == tag && tableLow[i] == key) { sum++; break; }
                    i = (i + 1) & mask;
                }
            }
            return (tableLow, tableHigh, sum);
        }, state => Interlocked.Add(ref duplicates, state.Sum));
        return duplicates;
    }
}
