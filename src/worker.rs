//! Worker processes: each file is parsed in a child process (`baocao` re-executed in its
//! hidden `__worker` mode), so a file that hangs, aborts, overflows its stack or allocates
//! without bound costs one worker, never the run.
//!
//! The parent keeps one [`Worker`] per pool thread. [`Worker::process`] sends the file's path
//! over the child's stdin and waits for its [`FileResult`] on the child's stdout, within the
//! file's time budget. A worker that does not answer in time is killed with its process group
//! (an OCR engine it started included): `failed`, "timed out after N s". A worker that dies
//! gives `failed`, "worker crashed (signal N)", or "memory limit" when it died of an
//! allocation beyond its address-space limit (`RLIMIT_AS`, `--worker-memory`). The next file
//! starts a new worker; the file that killed one is not retried in the run.
//!
//! Frames on both pipes: a 4-byte little-endian length, then a bincode (serde) payload.

use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use crate::config::{Config, LibrarySource};
use crate::pipeline::FileError;
use crate::read::ocr::{Ocr, OcrMode, Slots};
use crate::record::{DocRecord, FileResult};

/// Environment variable (tests only) that makes a worker misbehave on a named file:
/// `hang:NAME`, `abort:NAME`, `stack:NAME` or `alloc:NAME`, comma-separated; NAME is matched
/// against the end of the file's path.
pub const FAULT_ENV: &str = "BAOCAO_TEST_FAULT";

/// Largest frame accepted (a result of one file is far smaller).
const MAX_FRAME: u32 = 512 * 1024 * 1024;

/// What a worker is started with.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    /// The pattern library folder, when not the built-in one.
    pub patterns: Option<PathBuf>,
    /// The file time budget (the parent enforces it; the worker also checks it between
    /// stages).
    pub file_timeout: Duration,
    /// Address-space limit of the worker process in bytes (`RLIMIT_AS`); 0 for none.
    pub memory: u64,
    /// The file size cap (the parent reads a file to name it when its worker died).
    pub max_file_bytes: u64,
    /// `--ocr`: image-only pages recognized or not.
    pub ocr: OcrMode,
    /// Kill timeout of one OCR'd page.
    pub ocr_page_timeout: Duration,
    /// The run's slots for files and OCR'd pages, shared by all workers (a jobserver pipe
    /// holding `--jobs` tokens), when OCR is on.
    pub slots: Option<jobserver::Client>,
}

/// What a worker sends back for one file: budget updates while it runs (each OCR'd page
/// grows the file's time budget), then the result.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
enum Reply {
    /// The file's time budget so far, in seconds.
    Budget(f64),
    /// The file's result.
    Done(Box<FileResult>),
}

fn mode_name(mode: OcrMode) -> &'static str {
    match mode {
        OcrMode::Auto => "auto",
        OcrMode::Off => "off",
        OcrMode::Require => "require",
    }
}

/// The request for one file.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Request {
    path: PathBuf,
    display: String,
}

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

fn write_frame<T: serde::Serialize>(w: &mut impl Write, value: &T) -> std::io::Result<()> {
    let bytes = bincode::serde::encode_to_vec(value, config()).map_err(std::io::Error::other)?;
    let len = u32::try_from(bytes.len()).map_err(std::io::Error::other)?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(&bytes)?;
    w.flush()
}

/// Reads one frame; `Ok(None)` at a clean end of stream.
fn read_frame<T: serde::de::DeserializeOwned>(r: &mut impl Read) -> std::io::Result<Option<T>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(std::io::Error::other(format!("frame of {len} bytes")));
    }
    let mut buf = vec![0u8; len as usize];
    r.read_exact(&mut buf)?;
    let (value, _) =
        bincode::serde::decode_from_slice(&buf, config()).map_err(std::io::Error::other)?;
    Ok(Some(value))
}

/// The child's side: reads requests on stdin until it closes, answers each on stdout.
pub fn serve(settings: &WorkerSettings) -> ExitCode {
    die_with_parent();
    if settings.memory > 0 {
        limit_address_space(settings.memory);
    }
    // One thread with a large stack for all files (deep but finite recursion in a parser must
    // not overflow it); the parent enforces the time budget, so no watchdog thread per file.
    let settings = settings.clone();
    let served = std::thread::Builder::new()
        .name(crate::WORKER_THREAD.into())
        .stack_size(crate::pipeline::WORKER_STACK)
        .spawn(move || serve_files(&settings));
    match served.map(|t| t.join()) {
        Ok(Ok(code)) => code,
        Ok(Err(_)) => ExitCode::from(3),
        Err(e) => {
            eprintln!("baocao worker: cannot start its thread: {e}");
            ExitCode::from(2)
        }
    }
}

fn serve_files(settings: &WorkerSettings) -> ExitCode {
    let source = LibrarySource::from_arg(settings.patterns.as_deref());
    let mut config = match Config::load(&source) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("baocao worker: {e}");
            return ExitCode::from(2);
        }
    };
    config.limits.file_timeout = settings.file_timeout;
    // The run's slots come from the parent's jobserver: a file takes one, its OCR'd pages
    // more only when other workers leave some free (no oversubscription across workers).
    // SAFETY: the descriptors named in the environment were set up by our parent for us.
    let slots = match unsafe { jobserver::Client::from_env() } {
        Some(client) => Slots::shared(client),
        None => Slots::new(1),
    };
    config.ocr = Ocr::for_mode(settings.ocr, settings.ocr_page_timeout, Some(slots))
        .ok()
        .flatten()
        .map(Arc::new);
    crate::quiet_worker_panics();
    let faults = std::env::var(FAULT_ENV).unwrap_or_default();
    let mut stdin = BufReader::new(std::io::stdin().lock());
    let stdout = Mutex::new(std::io::stdout());
    loop {
        let req: Request = match read_frame(&mut stdin) {
            Ok(Some(r)) => r,
            Ok(None) => return ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("baocao worker: {e}");
                return ExitCode::from(2);
            }
        };
        inject_fault(&faults, &req.display);
        let options = crate::pipeline::read_options(&config);
        let r = std::thread::scope(|scope| {
            // With OCR on, tells the parent when OCR'd pages grow the budget, so it does not
            // kill a busy worker; the channel wakes it the moment the file is done.
            let (done, finished) = mpsc::channel::<()>();
            if config.ocr.is_some() {
                let (config, options, stdout) = (&config, &options, &stdout);
                scope.spawn(move || {
                    let mut told = 0;
                    while let Err(mpsc::RecvTimeoutError::Timeout) =
                        finished.recv_timeout(Duration::from_millis(50))
                    {
                        let pages = options.ocr_pages.load(std::sync::atomic::Ordering::Relaxed);
                        if pages != told {
                            told = pages;
                            let b = crate::pipeline::budget(config, options).as_secs_f64();
                            let mut out = stdout.lock().unwrap_or_else(|e| e.into_inner());
                            let _ = write_frame(&mut *out, &Reply::Budget(b));
                        }
                    }
                });
            }
            let _slot = config
                .ocr
                .as_ref()
                .and_then(|o| o.slots.as_ref())
                .map(|s| s.acquire());
            let r = crate::pipeline::process_file_with(&req.path, &req.display, &config, &options);
            drop(done);
            r
        });
        let mut out = stdout.lock().unwrap_or_else(|e| e.into_inner());
        if write_frame(&mut *out, &Reply::Done(Box::new(r))).is_err() {
            return ExitCode::from(2);
        }
    }
}

/// Test-only misbehaviour (see [`FAULT_ENV`]).
fn inject_fault(faults: &str, display: &str) {
    for f in faults.split(',') {
        let Some((kind, name)) = f.split_once(':') else {
            continue;
        };
        if name.is_empty() || !display.ends_with(name) {
            continue;
        }
        match kind {
            "hang" => loop {
                std::thread::sleep(Duration::from_secs(3600));
            },
            "abort" => std::process::abort(),
            "stack" => {
                fn deep(n: u64) -> u64 {
                    let pad = std::hint::black_box([n; 64]);
                    if std::hint::black_box(n) == u64::MAX {
                        return pad[0];
                    }
                    pad[1] + deep(n + 1)
                }
                std::hint::black_box(deep(0));
            }
            "alloc" => {
                let mut hold: Vec<Vec<u8>> = Vec::new();
                loop {
                    hold.push(vec![1u8; 64 * 1024 * 1024]);
                    std::hint::black_box(&hold);
                }
            }
            _ => {}
        }
    }
}

/// Asks Linux to kill this process when its parent dies, so no worker outlives a killed run.
fn die_with_parent() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_PDEATHSIG and a signal number has no memory effects.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
    }
}

/// Limits this process's address space (`RLIMIT_AS`): an allocation beyond it fails, and the
/// process aborts with Rust's "memory allocation of N bytes failed" instead of taking the
/// machine's memory.
fn limit_address_space(bytes: u64) {
    #[cfg(unix)]
    {
        let lim = libc::rlimit {
            rlim_cur: bytes as libc::rlim_t,
            rlim_max: bytes as libc::rlim_t,
        };
        // SAFETY: setrlimit reads the struct we pass; failure only leaves the limit unset.
        unsafe {
            libc::setrlimit(libc::RLIMIT_AS, &lim);
        }
    }
}

/// The default `--worker-memory`: four fifths of the machine's memory shared by `jobs`
/// workers, at least 1 GiB each.
pub fn default_memory(jobs: usize) -> u64 {
    let total = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map(|kib| kib * 1024)
        .unwrap_or(8 << 30);
    (total / 5 * 4 / jobs.max(1) as u64).max(1 << 30)
}

/// A running child and what the parent reads from it.
struct Running {
    child: Child,
    stdin: ChildStdin,
    results: mpsc::Receiver<std::io::Result<Option<Reply>>>,
    /// The end of the child's stderr (for the cause of a crash).
    stderr_tail: Arc<Mutex<String>>,
}

/// The parent's handle on one worker process, started on first use and restarted after a
/// crash or a kill.
pub struct Worker {
    exe: PathBuf,
    settings: WorkerSettings,
    running: Option<Running>,
}

impl Worker {
    /// A worker that will run `exe __worker` with these settings.
    pub fn new(exe: PathBuf, settings: WorkerSettings) -> Worker {
        Worker {
            exe,
            settings,
            running: None,
        }
    }

    fn start(&self) -> std::io::Result<Running> {
        let mut cmd = Command::new(&self.exe);
        cmd.arg("__worker")
            .arg("--file-timeout")
            .arg(self.settings.file_timeout.as_secs_f64().to_string())
            .arg("--memory")
            .arg(self.settings.memory.to_string())
            .arg("--ocr")
            .arg(mode_name(self.settings.ocr))
            .arg("--ocr-page-timeout")
            .arg(self.settings.ocr_page_timeout.as_secs_f64().to_string());
        if let Some(p) = &self.settings.patterns {
            cmd.arg("--patterns").arg(p);
        }
        if let Some(client) = &self.settings.slots {
            client.configure(&mut cmd);
        }
        if std::env::var_os("MIMALLOC_ARENA_RESERVE").is_none() {
            // mimalloc reserves 1 GiB of address space up front by default, which RLIMIT_AS
            // counts: reserve in smaller steps so the limit measures what is used.
            cmd.env("MIMALLOC_ARENA_RESERVE", "64MiB");
        }
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // Its own process group, so a kill reaches the engines it starts (OCR).
            cmd.process_group(0);
        }
        let mut child = cmd.spawn()?;
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("no stdin"))?;
        let mut stdout = BufReader::new(
            child
                .stdout
                .take()
                .ok_or_else(|| std::io::Error::other("no stdout"))?,
        );
        let mut stderr = child
            .stderr
            .take()
            .ok_or_else(|| std::io::Error::other("no stderr"))?;
        let (tx, results) = mpsc::channel();
        std::thread::Builder::new()
            .name("baocao-worker-out".into())
            .spawn(move || {
                loop {
                    let r = read_frame::<Reply>(&mut stdout);
                    let end = !matches!(r, Ok(Some(_)));
                    if tx.send(r).is_err() || end {
                        break;
                    }
                }
            })?;
        let stderr_tail = Arc::new(Mutex::new(String::new()));
        let tail = Arc::clone(&stderr_tail);
        std::thread::Builder::new()
            .name("baocao-worker-err".into())
            .spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = stderr.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    let mut t = tail.lock().unwrap_or_else(|e| e.into_inner());
                    t.push_str(&String::from_utf8_lossy(&buf[..n]));
                    if t.len() > 8192 {
                        let cut = t.len() - 4096;
                        let cut = (cut..t.len()).find(|&i| t.is_char_boundary(i)).unwrap_or(0);
                        t.drain(..cut);
                    }
                }
            })?;
        Ok(Running {
            child,
            stdin,
            results,
            stderr_tail,
        })
    }

    /// Parses one file in the worker process within the file's time budget; never panics.
    /// `doc` is the row to fill when the worker cannot answer (path and library version set).
    pub fn process(&mut self, path: &Path, display: &str, mut doc: DocRecord) -> FileResult {
        let started = Instant::now();
        let budget = self.settings.file_timeout;
        if self.running.is_none() {
            match self.start() {
                Ok(r) => self.running = Some(r),
                Err(e) => return failed(doc, FileError::WorkerStart(e), started),
            }
        }
        let Some(run) = self.running.as_mut() else {
            return failed(doc, FileError::Internal("no worker"), started);
        };
        let req = Request {
            path: path.to_path_buf(),
            display: display.to_string(),
        };
        let sent = write_frame(&mut run.stdin, &req);
        // A small grace over the budget: the worker's own check answers first when it can.
        let grace = Duration::from_millis(250);
        let mut budget = budget;
        let answer = loop {
            if sent.is_err() {
                break Err(mpsc::RecvTimeoutError::Disconnected);
            }
            let wait = (budget + grace).saturating_sub(started.elapsed());
            match run.results.recv_timeout(wait) {
                Ok(Ok(Some(Reply::Budget(secs)))) => {
                    budget = Duration::from_secs_f64(secs.max(0.0));
                }
                Ok(Ok(Some(Reply::Done(r)))) => break Ok(*r),
                Ok(_) => break Err(mpsc::RecvTimeoutError::Disconnected),
                Err(e) => break Err(e),
            }
        };
        match answer {
            Ok(r) => r,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                self.kill();
                crate::pipeline::identify(path, self.settings.max_file_bytes, &mut doc);
                failed(doc, FileError::Timeout(budget), started)
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let cause = self.reap();
                crate::pipeline::identify(path, self.settings.max_file_bytes, &mut doc);
                failed(doc, cause, started)
            }
        }
    }

    /// Kills the worker and its process group, and waits for it.
    fn kill(&mut self) {
        if let Some(mut run) = self.running.take() {
            #[cfg(unix)]
            // SAFETY: kill() with the child's own process group id (it leads its group).
            unsafe {
                libc::kill(-(run.child.id() as i32), libc::SIGKILL);
            }
            let _ = run.child.kill();
            let _ = run.child.wait();
        }
    }

    /// The worker died: why (signal, memory limit, exit status).
    fn reap(&mut self) -> FileError {
        let Some(mut run) = self.running.take() else {
            return FileError::Internal("no worker");
        };
        #[cfg(unix)]
        // SAFETY: as in `kill`: the worker's own process group.
        unsafe {
            libc::kill(-(run.child.id() as i32), libc::SIGKILL);
        }
        let status = run.child.wait();
        // The stderr reader has seen everything once the child is gone.
        std::thread::sleep(Duration::from_millis(20));
        let tail = run
            .stderr_tail
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if tail.contains("memory allocation of") {
            return FileError::MemoryLimit(self.settings.memory);
        }
        let overflow = tail.contains("has overflowed its stack");
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            if let Ok(Some(sig)) = status.as_ref().map(|s| s.signal()) {
                let name = match sig {
                    libc::SIGABRT => " SIGABRT",
                    libc::SIGSEGV => " SIGSEGV",
                    libc::SIGBUS => " SIGBUS",
                    libc::SIGKILL => " SIGKILL",
                    libc::SIGILL => " SIGILL",
                    _ => "",
                };
                let what = if overflow { ", stack overflow" } else { "" };
                return FileError::WorkerCrashed(format!("signal {sig}{name}{what}"));
            }
        }
        let what = match status {
            Ok(s) => format!("exit status {}", s.code().unwrap_or(-1)),
            Err(e) => e.to_string(),
        };
        FileError::WorkerCrashed(what)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(mut run) = self.running.take() {
            // Closing stdin ends the worker's loop; it exits at once.
            drop(run.stdin);
            let deadline = Instant::now() + Duration::from_secs(2);
            loop {
                match run.child.try_wait() {
                    Ok(Some(_)) => break,
                    Ok(None) if Instant::now() < deadline => {
                        std::thread::sleep(Duration::from_millis(5))
                    }
                    _ => {
                        let _ = run.child.kill();
                        let _ = run.child.wait();
                        break;
                    }
                }
            }
        }
    }
}

fn failed(mut doc: DocRecord, error: FileError, started: Instant) -> FileResult {
    doc.status = crate::model::Status::Failed;
    error.record(&mut doc);
    doc.elapsed_ms = started.elapsed().as_millis() as i64;
    FileResult {
        doc,
        ..Default::default()
    }
}
