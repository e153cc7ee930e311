namespace ConnHygiene.Runtime.Framing;

/// <summary>The type byte of a frame. Values from 16 up are free for applications.</summary>
public enum FrameType : byte
{
    /// <summary>A one-way message.</summary>
    Data = 0,

    /// <summary>A request: payload = 4-byte big-endian correlation ID + body.</summary>
    Request = 1,

    /// <summary>The response to a request: payload = the request's correlation ID + body.</summary>
    Response = 2,

    /// <summary>The request failed at the peer: payload = correlation ID + UTF-8 message.</summary>
    Error = 3,

    /// <summary>A heartbeat; the peer answers with <see cref="Pong"/>.</summary>
    Ping = 4,

    /// <summary>The answer to a heartbeat.</summary>
    Pong = 5,
}
