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
/// Counts exact duplicates on a second thread when rows are kept: the hash set's random memory
/// access is the single most expensive step of a large load, and nothing downstream waits for it.
/// </summary>
internal sealed class BackgroundDuplicateCounter : IDisposable
{
    private const int BatchSize = 1 << 15;
    private readonly System.Collections.Concurrent.BlockingCollection<(UInt128[] Hashes, int Count)> _batches = new(boundedCapacity: 8);
    private readonly Task<long> _worker;
    private UInt128[] _batch = new UInt128[BatchSize];
    private int _n;
    private long _line;

    public BackgroundDuplicateCounter(int expectedRows)
    {
        _worker = Task.Factory.StartNew(() =>
        {
            var set = new RecordHashSet(expectedRows);
            long duplicates = 0;
            foreach (var (hashes, count) in _batches.GetConsumingEnumerable())
                for (int i = 0; i < count; i++)
                    if (set.AddOrGetFirstLine(hashes[i], ++_line) != 0) duplicates++;
            return duplicates;
        }, TaskCreationOptions.LongRunning);
    }

    public void Add(UInt128 hash)
    {
        _batch[_n++] = hash;
        if (_n == BatchSize) { _batches.Add((_batch, _n)); _batch = new UInt128[BatchSize]; _n = 0; }
    }

    /// <summary>Waits for the worker and returns how many added hashes had been seen before.</summary>
    public long Complete()
    {
        if (_n > 0) _batches.Add((_batch, _n));
        _n = 0;
        _batches.CompleteAdding();
        return _worker.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        if (!_batches.IsAddingCompleted) _batches.CompleteAdding();
        try { _worker.Wait(); } catch (AggregateException) { }
        _batches.Dispose();
    }
}
