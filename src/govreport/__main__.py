from .cli import main

if __name__ == "__main__":  # a spawned child (training.isolated) imports this module too, under another name
    main()
