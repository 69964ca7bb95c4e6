fn main() -> Result<(), Box<dyn std::error::Error>> {
    proof_build::main()
}
