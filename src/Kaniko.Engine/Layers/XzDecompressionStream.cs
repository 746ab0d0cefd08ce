using System.Runtime.InteropServices;

namespace Kaniko.Engine.Layers;

/// <summary>
/// Reads an .xz stream through the system's liblzma (every Debian system has it: dpkg needs it), as
/// the BCL has no xz and the managed ports are slow. Streams: holds one input and one output buffer.
/// </summary>
internal sealed unsafe partial class XzDecompressionStream : ReadOnlyStream
{
    private const int BufferSize = 1 << 16;
    private const ulong NoMemoryLimit = ulong.MaxValue;
    private const uint ConcatenatedStreams = 0x08;
    private const int Run = 0;
    private const int Finish = 3;
    private const int Ok = 0;
    private const int StreamEnd = 1;

    private readonly Stream _input;
    private readonly bool _leaveOpen;
    private readonly byte* _inputBuffer = (byte*)NativeMemory.Alloc(BufferSize);
    private readonly LzmaStream* _stream;
    private bool _inputEnded;
    private bool _finished;
    private bool _disposed;

    public XzDecompressionStream(Stream input, bool leaveOpen = false)
    {
        _input = input;
        _leaveOpen = leaveOpen;
        // liblzma keeps pointers into the struct and the input between calls, so both live in unmanaged memory.
        _stream = (LzmaStream*)NativeMemory.AllocZeroed((nuint)sizeof(LzmaStream));
        var result = LzmaStreamDecoder(_stream, NoMemoryLimit, ConcatenatedStreams);
        if (result != Ok)
        {
            NativeMemory.Free(_stream);
            NativeMemory.Free(_inputBuffer);
            throw new InvalidDataException($"liblzma could not start an xz decoder (error {result}).");
        }
    }

    public override int Read(Span<byte> buffer)
    {
        if (_finished || buffer.IsEmpty)
        {
            return 0;
        }

        fixed (byte* output = buffer)
        {
            _stream->NextOut = output;
            _stream->AvailableOut = (nuint)buffer.Length;
            while (_stream->AvailableOut == (nuint)buffer.Length)
            {
                if (_stream->AvailableIn == 0 && !_inputEnded)
                {
                    var read = _input.Read(new Span<byte>(_inputBuffer, BufferSize));
                    _inputEnded = read == 0;
                    _stream->NextIn = _inputBuffer;
                    _stream->AvailableIn = (nuint)read;
                }

                var result = LzmaCode(_stream, _inputEnded ? Finish : Run);
                if (result == StreamEnd)
                {
                    _finished = true;
                    break;
                }

                if (result != Ok)
                {
                    throw new InvalidDataException($"The xz data is damaged or cut short (liblzma error {result}).");
                }

                if (_inputEnded && _stream->AvailableIn == 0 && _stream->AvailableOut == (nuint)buffer.Length)
                {
                    throw new InvalidDataException("The xz data ends too early.");
                }
            }

            var produced = buffer.Length - (int)_stream->AvailableOut;
            // The output span is pinned only during this call.
            _stream->NextOut = null;
            _stream->AvailableOut = 0;
            return produced;
        }
    }

    /// <summary>Decodes on the thread pool, as <see cref="Stream"/>'s own asynchronous read of a synchronous stream does.</summary>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Task.Run(() => Read(buffer.Span), cancellationToken));

    protected override void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (disposing && !_leaveOpen)
        {
            _input.Dispose();
        }

        LzmaEnd(_stream);
        NativeMemory.Free(_stream);
        NativeMemory.Free(_inputBuffer);
        base.Dispose(disposing);
    }

    [LibraryImport("liblzma.so.5", EntryPoint = "lzma_stream_decoder")]
    private static partial int LzmaStreamDecoder(LzmaStream* stream, ulong memoryLimit, uint flags);

    [LibraryImport("liblzma.so.5", EntryPoint = "lzma_code")]
    private static partial int LzmaCode(LzmaStream* stream, int action);

    [LibraryImport("liblzma.so.5", EntryPoint = "lzma_end")]
    private static partial void LzmaEnd(LzmaStream* stream);

    /// <summary>liblzma's lzma_stream; all-zero is LZMA_STREAM_INIT.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct LzmaStream
    {
        public byte* NextIn;
        public nuint AvailableIn;
        public ulong TotalIn;
        public byte* NextOut;
        public nuint AvailableOut;
        public ulong TotalOut;
        public nint Allocator;
        public nint Internal;
        public nint ReservedPointer1;
        public nint ReservedPointer2;
        public nint ReservedPointer3;
        public nint ReservedPointer4;
        public ulong ReservedInteger1;
        public ulong ReservedInteger2;
        public nuint ReservedInteger3;
        public nuint ReservedInteger4;
        public int ReservedEnum1;
        public int ReservedEnum2;
    }
}
