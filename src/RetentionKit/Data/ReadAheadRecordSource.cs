using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.ExceptionServices;

namespace RetentionKit.Data;

/// <summary>
/// Splits a text source's records on a second thread: decompression, decoding, CSV splitting and each record's hash run
/// there, and the reading thread gets the records in batches, so the two cores share the parse instead of one waiting
/// for gunzip. Records, lines and errors arrive exactly as from the source itself: an error is raised when the records
/// before it have been read.
/// </summary>
internal sealed class ReadAheadRecordSource : IRecordSource
{
    private const int BatchRecords = 4096;
    private readonly IRecordSource _inner;
    private readonly BlockingCollection<Batch> _full = new(boundedCapacity: 6);
    private readonly ConcurrentQueue<Batch> _free = new();
    private readonly CancellationTokenSource _stop = new();
    private Thread? _producer;
    private Exception? _error;
    private Batch? _batch;
    private int _at = -1;
    private bool _done;

    public ReadAheadRecordSource(IRecordSource inner)
    {
        _inner = inner;
        Headers = inner.Headers;
    }

    public IReadOnlyList<string> Headers { get; }

    private RowPreparer? _preparer;

    /// <summary>Has each record's fields read by <paramref name="preparer"/> on the second thread; before the first <see cref="Read"/>.</summary>
    public void PrepareWith(RowPreparer preparer)
    {
        if (_producer is not null) throw new InvalidOperationException("the records are already being read");
        _preparer = preparer;
    }

    /// <summary>
    /// The current record as the preparer read it; not <see cref="PreparedRow.Ok"/> when the batch was not prepared (the
    /// second thread prepares a batch only when the reading thread is behind, so neither core waits for the other).
    /// </summary>
    public ref readonly PreparedRow Prepared => ref _batch!.IsPrepared ? ref _batch.Prepared[_at] : ref PreparedRow.None;

    public bool Read()
    {
        if (_batch is not null && ++_at < _batch.Count) return true;
        return NextBatch();
    }

    private bool NextBatch()
    {
        if (_done) return false;
        if (_producer is null)
        {
            _producer = new Thread(Produce) { IsBackground = true, Name = "RetentionKit records" };
            _producer.Start();
        }
        if (_batch is not null) _free.Enqueue(_batch);
        _batch = null;
        while (_full.TryTake(out var next, Timeout.Infinite))
        {
            if (next.Count == 0) { _free.Enqueue(next); continue; }
            (_batch, _at) = (next, 0);
            return true;
        }
        _done = true;
        if (_error is not null) ExceptionDispatchInfo.Throw(_error);
        return false;
    }

    public int FieldCount => _batch!.FieldCount(_at);
    public ReadOnlySpan<char> Field(int i) => _batch!.Field(_at, i);
    public long Line => _batch!.Lines[_at];
    public ReadOnlySpan<char> Raw => _batch!.Raw(_at);
    public UInt128 RawHash => _batch!.Hashes[_at];
    // Read once the producer has finished (the last batch's hand-over orders the write before this read).
    public long BlankLines => _done ? _inner.BlankLines : 0;

    // Once a file, over every line: compiled optimized from the start (see TransactionLoader.Run.Execute).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Produce()
    {
        try
        {
            bool more = true;
            while (more && !_stop.IsCancellationRequested)
            {
                var batch = _free.TryDequeue(out var b) ? b : new Batch();
                batch.Clear();
                // Batches waiting: the reader is the slower side, so this thread also reads the fields of the next one.
                batch.IsPrepared = _preparer is not null && (RowPreparer.Every ?? _full.Count >= 2);
                var preparer = batch.IsPrepared ? _preparer : null;
                try
                {
                    while (batch.Count < BatchRecords && (more = _inner.Read())) batch.Add(_inner, preparer);
                }
                catch (Exception e)
                {
                    // The records before the error are delivered first; the error is raised after them.
                    _error = e;
                    more = false;
                }
                _full.Add(batch, _stop.Token);
            }
        }
        catch (OperationCanceledException) { }
        finally { _full.CompleteAdding(); }
    }

    public void Dispose()
    {
        _stop.Cancel();
        if (_producer is not null)
        {
            while (_full.TryTake(out _)) { } // unblock a producer waiting for room
            _producer.Join();
        }
        _inner.Dispose();
        _stop.Dispose();
        _full.Dispose();
    }

    /// <summary>Records copied out of the source's buffers: every field and the raw text in one char array.</summary>
    private sealed class Batch
    {
        private char[] _text = new char[1 << 18];
        private int _used;
        private (int Start, int Length)[] _fields = new (int, int)[BatchRecords * 8];
        private int _fieldCount;
        private readonly int[] _firstField = new int[BatchRecords + 1];
        private readonly (int Start, int Length)[] _raw = new (int, int)[BatchRecords];
        public readonly long[] Lines = new long[BatchRecords];
        public readonly UInt128[] Hashes = new UInt128[BatchRecords];
        public readonly PreparedRow[] Prepared = new PreparedRow[BatchRecords];
        public int Count;
        public bool IsPrepared;

        public void Clear() { Count = 0; _used = 0; _fieldCount = 0; }

        public void Add(IRecordSource src, RowPreparer? preparer)
        {
            int r = Count;
            Lines[r] = src.Line;
            var raw = src.Raw;
            Hashes[r] = RecordHash.Of(raw);
            preparer?.Prepare(src, ref Prepared[r]);
            _raw[r] = Copy(raw);
            int n = src.FieldCount;
            if (_fieldCount + n > _fields.Length) Array.Resize(ref _fields, Math.Max(_fields.Length * 2, _fieldCount + n));
            _firstField[r] = _fieldCount;
            for (int i = 0; i < n; i++)
            {
                // A field is most often a slice of the record's text (not one whose doubled quotes were undone): then it
                // is kept as a place in the copy just made, not copied a second time.
                var field = src.Field(i);
                long at = Unsafe.ByteOffset(ref MemoryMarshal.GetReference(raw), ref MemoryMarshal.GetReference(field)) / sizeof(char);
                _fields[_fieldCount++] = at >= 0 && at + field.Length <= raw.Length ? (_raw[r].Start + (int)at, field.Length) : Copy(field);
            }
            _firstField[r + 1] = _fieldCount;
            Count++;
        }

        private (int, int) Copy(ReadOnlySpan<char> s)
        {
            if (_used + s.Length > _text.Length) Array.Resize(ref _text, Math.Max(_text.Length * 2, _used + s.Length));
            s.CopyTo(_text.AsSpan(_used));
            var at = (_used, s.Length);
            _used += s.Length;
            return at;
        }

        public int FieldCount(int r) => _firstField[r + 1] - _firstField[r];
        public ReadOnlySpan<char> Field(int r, int i)
        {
            var (start, length) = _fields[_firstField[r] + i];
            return _text.AsSpan(start, length);
        }
        public ReadOnlySpan<char> Raw(int r) => _text.AsSpan(_raw[r].Start, _raw[r].Length);
    }
}
