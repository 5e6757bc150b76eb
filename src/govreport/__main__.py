from .cli import main

if __name__ == "__main__":  # `python -m govreport` only: importing the module runs nothing
    main()
