// Imitates: a device-control class that stores its TcpClient in a field but connects, queries and closes inside
// every call (issue 8 section 3: opened and closed in one call = per operation, CH0010, never CH0012).
using System.IO;
using System.Net.Sockets;

namespace Lab.Instruments;

public class PowerSupply
{
    private readonly string _address;
    private TcpClient? _client;
    private NetworkStream? _stream;

    public PowerSupply(string address) => _address = address;

    public string Query(string scpi)
    {
        _client = new TcpClient(); // expect: CH0010
        _client.Connect(_address, 5025);
        _stream = _client.GetStream();
        var writer = new StreamWriter(_stream) { AutoFlush = true };
        writer.WriteLine(scpi);
        var reader = new StreamReader(_stream);
        var answer = reader.ReadLine() ?? string.Empty;
        _stream.Close();
        _client.Close();
        return answer;
    }

    public double ReadVoltage() => double.Parse(Query("MEAS:VOLT?"), System.Globalization.CultureInfo.InvariantCulture);
}
