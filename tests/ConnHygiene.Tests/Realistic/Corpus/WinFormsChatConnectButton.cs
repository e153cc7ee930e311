// Imitates: a WinForms chat window whose Connect button creates the TcpClient, keeps it in a field and starts an
// endless read loop: human rate, but the connection lives for hours with no keep-alive. Look-alike WinForms types.
using System;
using System.IO;
using System.Net.Sockets;
using System.Threading.Tasks;
using System.Windows.Forms;

namespace System.Windows.Forms
{
    public class Control
    {
        public string Text { get; set; } = string.Empty;
    }

    public class Form : Control
    {
    }

    public class ListBox : Control
    {
        public System.Collections.Generic.List<string> Items { get; } = new();
    }
}

namespace ChatWin
{
    public partial class ChatForm : Form
    {
        private readonly ListBox lstMessages = new();
        private TcpClient? _client;

        private async void btnConnect_Click(object sender, EventArgs e)
        {
            _client = new TcpClient(); // expect: CH0012
            await _client.ConnectAsync("chat.example.com", 6667);
            using var reader = new StreamReader(_client.GetStream());
            while (true)
            {
                var line = await reader.ReadLineAsync();
                if (line is null) break;
                lstMessages.Items.Add(line);
            }
        }

        private void btnDisconnect_Click(object sender, EventArgs e) => _client?.Close();
    }
}
