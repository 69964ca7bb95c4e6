//! moto's server, installed and started for a test.

use std::io::Read as _;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use shapegen_client::Client;
use shapegen_client::credentials::Credentials;

/// The moto release the scenarios are written against, with the extras of the services they
/// call and what its server needs.
const REQUIREMENTS: &[&str] =
    &["moto[s3,dynamodb,ec2,sqs,sns,iam,kms,sts,guardduty]==5.2.6", "flask!=2.2.0,!=2.2.1", "flask-cors"];

/// The region the scenarios call.
pub const REGION: &str = "us-east-1";

/// An IAM policy that allows every action on every resource.
pub const ALLOW_ALL: &str =
    r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;

/// moto's default account, which its ARNs name.
pub const ACCOUNT: &str = "123456789012";

/// How long the server may take to start.
const STARTUP: Duration = Duration::from_secs(60);

/// A moto server, stopped when dropped.
pub struct Moto {
    child: Child,
    address: SocketAddr,
    log: PathBuf,
}

impl Moto {
    /// Installs moto if needed, and starts its server on a free port.
    pub fn start() -> Moto {
        Moto::start_with(&[])
    }

    /// [`Moto::start`], with the server's environment variables `env` (moto's settings).
    pub fn start_with(env: &[(&str, &str)]) -> Moto {
        let site = match site() {
            Ok(site) => site,
            Err(error) => panic!("moto is needed for these tests and could not be installed: {error}"),
        };
        let address = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port");
        let log = site.with_file_name(format!("server-{}.log", address.port()));
        let log_file = std::fs::File::create(&log).expect("the server's log file");
        let child = Command::new(python())
            .args(["-s", "-m", "moto.server", "-H", "127.0.0.1", "-p", &address.port().to_string()])
            .env("PYTHONPATH", &site)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("the log file"))
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|error| panic!("could not run {}: {error}", python()));
        let mut moto = Moto { child, address, log };
        moto.wait_until_ready();
        moto
    }

    fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + STARTUP;
        while Instant::now() < deadline {
            if TcpStream::connect_timeout(&self.address, Duration::from_millis(200)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("moto's server exited ({status}) before it answered:\n{}", self.log());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("moto's server did not answer within {STARTUP:?}:\n{}", self.log());
    }

    /// What the server wrote.
    pub fn log(&self) -> String {
        let mut text = String::new();
        let _ = std::fs::File::open(&self.log).and_then(|mut file| file.read_to_string(&mut text));
        text
    }

    /// The server's URL.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.address)
    }

    /// A client for the server: its URL as every service's endpoint, moto's region, keys
    /// moto takes (any), retries a few milliseconds apart.
    pub fn client(&self) -> Client {
        self.builder().build()
    }

    /// An IAM user `name` allowed every action, and its access key: made with [`Moto::client`]
    /// in three calls, which a server started with `INITIAL_NO_AUTH_ACTION_COUNT` lets through
    /// unchecked.
    pub fn user_with_key(&self, name: &str) -> shapegen_scenarios::iam::AccessKey {
        use shapegen_scenarios::iam::operations::{CreateAccessKey, CreateUser, PutUserPolicy};
        use shapegen_scenarios::iam::{CreateAccessKeyRequest, CreateUserRequest, PutUserPolicyRequest};
        let setup = self.client();
        setup.send::<CreateUser>(&CreateUserRequest::builder().user_name(name).build().unwrap()).expect("CreateUser");
        let input = PutUserPolicyRequest::builder()
            .user_name(name)
            .policy_name("all")
            .policy_document(ALLOW_ALL)
            .build()
            .unwrap();
        setup.send::<PutUserPolicy>(&input).expect("PutUserPolicy");
        setup
            .send::<CreateAccessKey>(&CreateAccessKeyRequest::builder().user_name(name).build())
            .expect("CreateAccessKey")
            .access_key
    }

    /// The configuration of [`Moto::client`], to build another kind of client from.
    pub fn builder(&self) -> shapegen_client::Builder {
        let retry = shapegen_client::retry::RetryConfig {
            base_delay: Duration::from_millis(5),
            ..shapegen_client::retry::RetryConfig::default()
        };
        Client::builder()
            .region(REGION)
            .endpoint_url(self.endpoint())
            .credentials(Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
            .retry_config(retry)
            .timeout(Duration::from_secs(30))
            .without_proxy()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if !std::thread::panicking() {
            let _ = std::fs::remove_file(&self.log);
        } else {
            eprintln!("moto's server log:\n{}", self.log());
        }
    }
}

/// The Python that runs moto: `PYTHON`, else `python3`.
fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

/// The folder moto is installed in, under the target folder: installed the first time.
fn site() -> Result<PathBuf, String> {
    static SITE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    SITE.get_or_init(install).clone()
}

/// Installs [`REQUIREMENTS`] with `pip install --target`, unless a finished install is there.
fn install() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|error| error.to_string())?;
    // target/<profile>/deps/moto-<hash>: the target folder is three up.
    let target = exe.ancestors().nth(3).ok_or("no target folder above the test executable")?;
    let version = REQUIREMENTS.join(" ");
    let folder = target.join("moto").join(stamp(&version));
    let site = folder.join("site");
    if site.join(".complete").is_file() {
        return Ok(site);
    }
    let partial = folder.join(format!("partial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&partial);
    std::fs::create_dir_all(&partial).map_err(|error| format!("{}: {error}", partial.display()))?;
    let output = Command::new(python())
        .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input", "--target"])
        .arg(&partial)
        .args(REQUIREMENTS)
        // Installing into a folder of its own does not touch the system's Python.
        .env("PIP_BREAK_SYSTEM_PACKAGES", "1")
        .output()
        .map_err(|error| format!("could not run {} -m pip: {error}", python()))?;
    if !output.status.success() {
        return Err(format!(
            "`{} -m pip install --target {} {}` failed ({}):\n{}",
            python(),
            partial.display(),
            version,
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    std::fs::write(partial.join(".complete"), version).map_err(|error| error.to_string())?;
    // Another test process may have finished first: either install will do.
    if std::fs::rename(&partial, &site).is_err() && !site.join(".complete").is_file() {
        return Err(format!("could not move {} to {}", partial.display(), site.display()));
    }
    let _ = std::fs::remove_dir_all(&partial);
    Ok(site)
}

/// A folder name for a set of requirements: the installs of two sets do not mix.
fn stamp(text: &str) -> String {
    // FNV-1a, enough to tell requirement sets apart.
    let hash = text
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3));
    format!("{hash:016x}")
}
